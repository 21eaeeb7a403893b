package org.ebpc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BitDepositTest {

    private static String cpu(String vendor, int family, String flags) {
        return "vendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: 1\nmodel name\t: test CPU\nflags\t\t: " + flags + "\n";
    }

    @Test
    void pextIsSlowOnlyOnAmdBeforeZen3OrWithoutBmi2() {
        assertFalse(BitDeposit.fastOn(cpu("AuthenticAMD", 23, "fpu sse2 avx2 bmi1 bmi2")));
        assertTrue(BitDeposit.fastOn(cpu("AuthenticAMD", 25, "fpu sse2 avx2 bmi1 bmi2")));
        assertTrue(BitDeposit.fastOn(cpu("GenuineIntel", 6, "fpu sse2 avx2 bmi1 bmi2")));
        assertFalse(BitDeposit.fastOn(cpu("GenuineIntel", 6, "fpu sse2 avx")));
        assertTrue(BitDeposit.fastOn(""));
    }

    @Test
    void vbmi2ComesFromTheFlagsOnly() {
        assertTrue(BitDeposit.hasVbmi2(cpu("GenuineIntel", 6, "avx512f avx512bw avx512_vbmi2 gfni")));
        assertTrue(BitDeposit.hasVbmi2(cpu("AuthenticAMD", 25, "avx512f avx512_vbmi2")));
        // avx512vbmi (VBMI1) has no byte compress or expand
        assertFalse(BitDeposit.hasVbmi2(cpu("GenuineIntel", 6, "avx512f avx512vbmi")));
        assertFalse(BitDeposit.hasVbmi2(cpu("AuthenticAMD", 23, "avx2 bmi2")));
        assertFalse(BitDeposit.hasVbmi2(""));
    }

    @Test
    void propertiesForceOrRefuse() {
        String cpu = cpu("GenuineIntel", 6, "bmi2");
        assertTrue(BitDeposit.choose("ebpc.vbmi2", "ON", cpu, BitDeposit::hasVbmi2));
        assertFalse(BitDeposit.choose("ebpc.pext", "off", cpu, BitDeposit::fastOn));
        assertTrue(BitDeposit.choose("ebpc.pext", "auto", cpu, BitDeposit::fastOn));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BitDeposit.choose("ebpc.vbmi2", "yes", cpu, BitDeposit::hasVbmi2));
        assertEquals("ebpc.vbmi2 must be auto, on or off, not 'yes'", e.getMessage());
    }

    @Test
    void describeNamesTheChosenPath() {
        String d = BitDeposit.describe();
        String expected = BitDeposit.LANES ? "VPCOMPRESSB/VPEXPANDB" : BitDeposit.FAST ? "PEXT/PDEP" : "byte loops";
        assertTrue(d.startsWith(expected), d);
    }
}
