/**
 * A cycle-exact model of the open EBPC hardware (pulp-platform/stream-ebpc): its encoder and
 * decoder, unit by unit, each a small state machine stepped once a cycle with the same
 * handshakes as the RTL. docs/HARDWARE.md draws the units and says what stalls when; the
 * tests hold the model to cycle counts measured on the RTL (Verilator).
 *
 * <p>Only the control is modelled; the data path appears only where it decides timing: the
 * length of each bit-plane symbol, and the bits the decoder's unpackers shift.
 */
package org.ebpc.hw;
