package org.ebpc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BitDepositTest {

    private static String cpu(String vendor, int family, String flags) {
        return "vendor_id\t: " + vendor + "\ncpu family\t: " + family
                + "\nmodel\t\t: 1\nmodel name\t: test CPU\nflags\t\t: " + flags + "\n";
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
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BitDeposit.choose("ebpc.vbmi2", "yes", cpu, BitDeposit::hasVbmi2));
        assertEquals("ebpc.vbmi2 must be auto, on or off, not 'yes'", e.getMessage());
    }

    @Test
    void describeNamesTheChosenPathAndWhy() {
        String d = BitDeposit.describe();
        String expected = BitDeposit.LANES ? "VPCOMPRESSB/VPEXPANDB" : BitDeposit.FAST ? "PEXT/PDEP" : "byte loops";
        assertTrue(d.startsWith(expected), d);
        String property = BitDeposit.LANES ? "ebpc.vbmi2" : "ebpc.pext";
        String mode = System.getProperty(property, "auto");
        assertTrue(
                d.endsWith(
                        mode.equals("auto")
                                ? ", chosen for " + BitDeposit.cpuLabel(BitDeposit.CPU_INFO)
                                : ", forced by " + property + "=" + mode),
                d);
    }

    @Test
    void describeSaysWhichPropertyForcedTheChoice() {
        String property = BitDeposit.LANES ? "ebpc.vbmi2" : "ebpc.pext";
        String before = System.getProperty(property);
        try {
            System.setProperty(property, "on"); // read again by describe; the choice itself was made at start-up
            assertTrue(BitDeposit.describe().endsWith(", forced by " + property + "=on"), BitDeposit.describe());
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void theCpuIsNamedByModelFamilyAndModel() {
        assertEquals("test CPU (family 23, model 1)", BitDeposit.cpuLabel(cpu("AuthenticAMD", 23, "fpu")));
        assertEquals("an unknown CPU", BitDeposit.cpuLabel(""));
        assertFalse(
                BitDeposit.fastOn("vendor_id\t: AuthenticAMD\ncpu family\t: ?\nflags\t\t: bmi2\n"),
                "an AMD family that is not a number: not known to be fast");
    }

    @Test
    void aFieldIsTheFirstNamedLineAndOnlyANamedOne() {
        String info = "processor\t: 0\n: orphan value\nflags\t\t: bmi2 avx2\nflags\t\t: later\n";
        assertEquals("bmi2 avx2", BitDeposit.field(info, "flags"));
        assertEquals("0", BitDeposit.field(info, "processor"));
        assertEquals("", BitDeposit.field(info, "model"), "missing");
        assertEquals("", BitDeposit.field(info, ""), "a line without a name is no field");
    }
}
