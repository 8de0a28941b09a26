package org.kernkit.examples;

import java.util.Arrays;
import org.kernkit.flexarray.Fill;
import org.kernkit.flexarray.FlexArray;
import org.kernkit.flexarray.Storage;

/** A sparse {@link FlexArray} of 2^40 longs: only the parts written are allocated. */
public final class FlexArrayExample {

    private FlexArrayExample() {
    }

    /**
     * What the example read back and how much memory the array held.
     *
     * @param far the element written at index 2^39
     * @param firstTen elements 0 to 9, read in bulk
     * @param absentHasNoView whether {@code get} of an element in a never-written part returned {@code null}
     * @param absentReads what {@code getLong} of that element returned
     * @param partsAllocated parts allocated by the two writes
     * @param bytesHeld bytes the array held after them
     */
    public record Readings(long far, long[] firstTen, boolean absentHasNoView, long absentReads, long partsAllocated,
            long bytesHeld) {
    }

    /**
     * Writes two elements far apart, reads an absent one and a range, and measures what the array holds.
     *
     * @return the readings
     */
    public static Readings run() {
        // tag::example[]
        // 2^40 longs, 8 TiB if contiguous; the parts (one 4 KiB page each) exist only where something was written.
        try (FlexArray array = FlexArray.builder().elementSize(Long.BYTES).capacity(1L << 40)
                .storage(Storage.NATIVE).fill(Fill.ZERO).build()) {
            array.putLong(7, 42);
            array.putLong(1L << 39, 43);                          // a second part, nothing allocated in between
            boolean absentHasNoView = array.get(1_000_000) == null;  // its part was never written
            long absentReads = array.getLong(1_000_000);           // the fill: 0, and still nothing allocated
            long[] firstTen = new long[10];
            array.getLongs(0, firstTen, 0, firstTen.length);       // bulk copy, absent parts read as the fill
            return new Readings(array.getLong(1L << 39), firstTen, absentHasNoView, absentReads,
                    array.partsAllocated(), array.bytesHeld());     // 2 parts, about 8 KiB plus the tree
        }
        // end::example[]
    }

    /**
     * Prints the readings.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Readings r = run();
        System.out.println("element 2^39 = " + r.far() + ", elements 0..9 = " + Arrays.toString(r.firstTen()));
        System.out.println("absent element: view " + (r.absentHasNoView() ? "null" : "present") + ", reads "
                + r.absentReads());
        System.out.println(r.partsAllocated() + " parts allocated, " + r.bytesHeld() + " bytes held");
    }
}
