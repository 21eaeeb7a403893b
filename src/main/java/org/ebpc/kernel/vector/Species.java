package org.ebpc.kernel.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape the kernel runs at (ebpc.vectorBits, else the hardware's preferred one), its
 * species, how many 8-word blocks one vector holds, and the slice sizes of the hot loops.
 */
final class Species {

    private Species() {}

    static final VectorShape SHAPE = chooseShape();
    static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_MAX.withShape(SHAPE);
    static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_MAX.withShape(SHAPE);
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_MAX.withShape(SHAPE);
    /** Blocks of 8 words per vector: int8 blocks are 64-bit lanes, int16 blocks two of them. */
    static final int BLOCKS8 = LONGS.length();

    static final int BLOCKS16 = Math.max(1, LONGS.length() / 2);
    /**
     * Long inputs are coded in slices, each hot loop in a method called once per slice: C2 then
     * compiles those methods whole, with their loop exits in the profile, instead of compiling a
     * loop that runs once per chunk on-stack and throwing that code away when the loop ends
     * (measured: half the compilations and about 0.3 s less JIT time on a 1 GB file).
     */
    static final int SLICE_WORDS = 1 << 16;

    static final int SLICE_BLOCKS = 1 << 13;

    /** The vector shape from ebpc.vectorBits (128, 256 or 512), else the hardware's preferred one. */
    static VectorShape chooseShape() {
        String bits = System.getProperty("ebpc.vectorBits");
        if (bits == null || bits.isBlank() || bits.equals("preferred")) {
            return VectorShape.preferredShape();
        }
        return switch (bits.strip()) {
            case "128" -> VectorShape.S_128_BIT;
            case "256" -> VectorShape.S_256_BIT;
            case "512" -> VectorShape.S_512_BIT;
            default -> throw new IllegalArgumentException("ebpc.vectorBits must be 128, 256 or 512, not " + bits);
        };
    }
}
