package org.ebpc.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the word compaction and expansion use {@code Long.compress}/{@code Long.expand}
 * (PEXT/PDEP), chosen once at start-up like the kernel. They are one fast instruction on Intel
 * since Haswell and on AMD since Zen 3, but microcoded on AMD Zen 1 and Zen 2 (family 23, about
 * 50 ns a call), where the kernels take branch-free byte loops instead. System property
 * {@code ebpc.pext=auto|on|off} overrides the choice (auto by default).
 */
public final class BitDeposit {

    /** True: PEXT/PDEP in the hot loops; false: the portable byte loops. */
    public static final boolean FAST = choose(System.getProperty("ebpc.pext", "auto"), cpuInfo());

    private BitDeposit() {
    }

    /** "pext" or "byte loops", with why, for {@code -v} and {@code ebpc bench}. */
    public static String describe() {
        String mode = System.getProperty("ebpc.pext", "auto");
        String cpu = cpuLabel(cpuInfo());
        return (FAST ? "PEXT/PDEP" : "byte loops (no PEXT/PDEP)") + (mode.equals("auto") ? ", chosen for " + cpu
                : ", forced by ebpc.pext=" + mode);
    }

    static boolean choose(String mode, String cpuInfo) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> fastOn(cpuInfo);
            default -> throw new IllegalArgumentException("ebpc.pext must be auto, on or off, not '" + mode + "'");
        };
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
