package org.ebpc.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the word compaction and expansion move words, chosen once at start-up like the kernel.
 * Where AVX-512 VBMI2 is (Intel since Ice Lake, AMD since Zen 4), a whole vector of words at a
 * time by mask ({@code Vector.compress}/{@code expand}: VPCOMPRESSB/VPEXPANDB, three times the
 * speed of PDEP here); else 8 words at a time by {@code Long.compress}/{@code Long.expand}
 * (PEXT/PDEP), one fast instruction on Intel since Haswell and on AMD since Zen 3, but
 * microcoded on AMD Zen 1 and Zen 2 (family 23, about 50 ns a call), where the kernels take
 * byte shuffles instead. System properties {@code ebpc.vbmi2=auto|on|off} and
 * {@code ebpc.pext=auto|on|off} override the choices (auto by default); without VBMI2 the
 * Vector API emulates compress and expand, correct but slow.
 */
public final class BitDeposit {

    /** True: PEXT/PDEP in the hot loops; false: the portable byte loops. */
    /** The first CPU's lines of /proc/cpuinfo ("" where there is none), read once for both choices. */
    static final String CPU_INFO = cpuInfo();

    public static final boolean FAST =
            choose("ebpc.pext", System.getProperty("ebpc.pext", "auto"), CPU_INFO, BitDeposit::fastOn);
    /** True: whole vectors by mask (VPCOMPRESSB/VPEXPANDB), before FAST. */
    public static final boolean LANES =
            choose("ebpc.vbmi2", System.getProperty("ebpc.vbmi2", "auto"), CPU_INFO, BitDeposit::hasVbmi2);

    private BitDeposit() {}

    /** "pext" or "byte loops", with why, for {@code -v} and {@code ebpc bench}. */
    public static String describe() {
        String property = LANES ? "ebpc.vbmi2" : "ebpc.pext";
        String mode = System.getProperty(property, "auto");
        String cpu = cpuLabel(CPU_INFO);
        String how = LANES ? "VPCOMPRESSB/VPEXPANDB" : FAST ? "PEXT/PDEP" : "byte loops (no PEXT/PDEP)";
        return how + (mode.equals("auto") ? ", chosen for " + cpu : ", forced by " + property + "=" + mode);
    }

    static boolean choose(String property, String mode, String cpuInfo, java.util.function.Predicate<String> auto) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> auto.test(cpuInfo);
            default -> throw new IllegalArgumentException(property + " must be auto, on or off, not '" + mode + "'");
        };
    }

    /** Whether /proc/cpuinfo lists AVX-512 VBMI2 (byte and word compress and expand); an unknown CPU is taken not to. */
    static boolean hasVbmi2(String cpuInfo) {
        return (" " + field(cpuInfo, "flags") + " ").contains(" avx512_vbmi2 ");
    }

    /**
     * Whether PEXT/PDEP are fast on the CPU that /proc/cpuinfo describes: not on AMD families
     * before 25 (Zen 3) nor where BMI2 is missing; an unknown CPU is taken to be fast (every
     * Intel x86-64 with BMI2 is).
     */
    static boolean fastOn(String cpuInfo) {
        if (cpuInfo.isEmpty()) {
            return true;
        }
        String flags = field(cpuInfo, "flags");
        if (!flags.isEmpty() && !(" " + flags + " ").contains(" bmi2 ")) {
            return false;
        }
        if (field(cpuInfo, "vendor_id").equals("AuthenticAMD")) {
            try {
                return Integer.parseInt(field(cpuInfo, "cpu family")) >= 25;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    static String cpuLabel(String cpuInfo) {
        if (cpuInfo.isEmpty()) {
            return "an unknown CPU";
        }
        return field(cpuInfo, "model name") + " (family " + field(cpuInfo, "cpu family") + ", model "
                + field(cpuInfo, "model") + ")";
    }

    /** The value of the first "name : value" line, or "". */
    static String field(String cpuInfo, String name) {
        for (String line : cpuInfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }

    private static String cpuInfo() {
        try {
            String all = Files.readString(Path.of("/proc/cpuinfo"));
            int end = all.indexOf("\n\n");
            return end < 0 ? all : all.substring(0, end);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return "";
        }
    }
}
