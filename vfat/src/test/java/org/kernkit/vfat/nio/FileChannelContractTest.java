package org.kernkit.vfat.nio;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FAT file channel answers as the JDK's own {@link FileChannel} on the default file system: each test runs one
 * script of calls on a channel of each, over a file that holds {@code 0123456789}, and compares what every call
 * returned or threw, the channel position after it, and the file's bytes at the end.
 */
class FileChannelContractTest {

    private static final String CONTENT = "0123456789";

    @TempDir
    Path tmp;

    /** The record of one script run: each call's answer, in order. */
    private static final class Log {
        final List<String> lines = new ArrayList<>();

        void add(String what, Call call) {
            String answer;
            try {
                answer = String.valueOf(call.run());
            } catch (Exception e) {
                answer = e.getClass().getSimpleName();
            }
            lines.add(what + " -> " + answer);
        }
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    @FunctionalInterface
    private interface Script {
        void run(FileChannel ch, Log log) throws Exception;
    }

    private static String ascii(ByteBuffer b) {
        return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1).replace('\0', '_');
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ReadableByteChannel source(String s) {
        return Channels.newChannel(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Runs {@code script} on a JDK channel and on a FAT channel opened with {@code options}; compares both. */
    private void sameAsTheJdk(Set<OpenOption> options, Script script) throws Exception {
        Path jdkFile = tmp.resolve("jdk.txt");
        Files.writeString(jdkFile, CONTENT);
        Log jdk = new Log();
        try (FileChannel ch = FileChannel.open(jdkFile, options)) {
            script.run(ch, jdk);
        }
        Log fat = new Log();
        String fatContent;
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path fatFile = fs.getPath("/fat.txt");
            Files.writeString(fatFile, CONTENT);
            try (FileChannel ch = FileChannel.open(fatFile, options)) {
                script.run(ch, fat);
            }
            fatContent = new String(Files.readAllBytes(fatFile), StandardCharsets.ISO_8859_1);
        }
        jdk.lines.add("content " + new String(Files.readAllBytes(jdkFile), StandardCharsets.ISO_8859_1));
        fat.lines.add("content " + fatContent);
        assertEquals(jdk.lines, fat.lines);
    }

    @Test
    void sequentialReadsReturnTheBytesThenEndOfFile() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            ByteBuffer b = ByteBuffer.allocate(16);
            log.add("read", () -> ch.read(b));
            log.add("bytes", () -> ascii(b));
            log.add("read at end", () -> ch.read(ByteBuffer.allocate(4)));
            log.add("read empty buffer at end", () -> ch.read(ByteBuffer.allocate(0)));
            log.add("position", ch::position);
        });
    }

    @Test
    void positionPastTheEndReadsEndOfFileAndKeepsTheSize() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            log.add("position(20) is the channel", () -> ch.position(20) == ch);
            log.add("position", ch::position);
            log.add("read", () -> ch.read(ByteBuffer.allocate(4)));
            log.add("size", ch::size);
            log.add("position(3)", () -> ch.position(3).position());
            ByteBuffer b = ByteBuffer.allocate(2);
            log.add("read", () -> ch.read(b));
            log.add("bytes", () -> ascii(b));
        });
    }

    @Test
    void scatterReadFillsTheBuffersInTurn() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            ByteBuffer[] bs = {ByteBuffer.allocate(4), ByteBuffer.allocate(4), ByteBuffer.allocate(4)};
            log.add("read", () -> ch.read(bs));
            log.add("buffers", () -> ascii(bs[0]) + "|" + ascii(bs[1]) + "|" + ascii(bs[2]));
            log.add("read at end", () -> ch.read(new ByteBuffer[] {ByteBuffer.allocate(4)}));
            log.add("position", ch::position);
        });
    }

    @Test
    void scatterReadSkipsAnEmptyBuffer() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            ByteBuffer[] bs = {ByteBuffer.allocate(0), ByteBuffer.allocate(3), ByteBuffer.allocate(2)};
            log.add("read", () -> ch.read(bs));
            log.add("buffers", () -> ascii(bs[1]) + "|" + ascii(bs[2]));
        });
    }

    @Test
    void scatterReadThatEndsTheFileOnABufferBoundaryCountsTheBytesRead() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            ByteBuffer[] bs = {ByteBuffer.allocate(10), ByteBuffer.allocate(4)};
            log.add("read", () -> ch.read(bs));
            log.add("buffers", () -> ascii(bs[0]) + "|" + ascii(bs[1]));
        });
    }

    @Test
    void scatterReadUsesOnlyTheGivenSlice() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            ByteBuffer[] bs = {ByteBuffer.allocate(3), ByteBuffer.allocate(3), ByteBuffer.allocate(3),
                ByteBuffer.allocate(3)};
            log.add("read", () -> ch.read(bs, 1, 2));
            log.add("buffers", () -> Arrays.stream(bs).map(FileChannelContractTest::ascii).toList());
            log.add("bad slice", () -> ch.read(bs, 3, 2));
            log.add("negative offset", () -> ch.read(bs, -1, 1));
        });
    }

    @Test
    void gatherWriteWritesTheGivenSliceInTurn() throws Exception {
        sameAsTheJdk(Set.of(WRITE), (ch, log) -> {
            ByteBuffer[] bs = {bytes("ab"), bytes("cd"), bytes("efg"), bytes("h")};
            log.add("write", () -> ch.write(bs, 1, 2));
            log.add("position", ch::position);
            log.add("remaining", () -> Arrays.stream(bs).map(ByteBuffer::remaining).toList());
            log.add("bad slice", () -> ch.write(bs, 2, 3));
        });
    }

    @Test
    void gatherWriteOfAllBuffersGrowsTheFile() throws Exception {
        sameAsTheJdk(Set.of(WRITE), (ch, log) -> {
            ch.position(8);
            log.add("write", () -> ch.write(new ByteBuffer[] {bytes("xy"), bytes("zw")}));
            log.add("size", ch::size);
            log.add("position", ch::position);
        });
    }

    @Test
    void aWriteAfterThePositionWasSetPastTheEndFillsTheGapWithZeros() throws Exception {
        sameAsTheJdk(Set.of(WRITE), (ch, log) -> {
            ch.position(13);
            log.add("write", () -> ch.write(bytes("ab")));
            log.add("size", ch::size);
            log.add("position", ch::position);
        });
    }

    @Test
    void appendWritesAtTheEndWhateverThePosition() throws Exception {
        sameAsTheJdk(Set.of(APPEND), (ch, log) -> {
            log.add("write", () -> ch.write(bytes("ab")));
            log.add("position", ch::position);
            log.add("size", ch::size);
        });
    }

    @Test
    void positionalReadsLeaveThePositionAndStopAtTheEnd() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            ch.position(1);
            ByteBuffer b = ByteBuffer.allocate(4);
            log.add("read at 8", () -> ch.read(b, 8));
            log.add("bytes", () -> ascii(b));
            log.add("read at 10", () -> ch.read(ByteBuffer.allocate(4), 10));
            log.add("read at 20", () -> ch.read(ByteBuffer.allocate(4), 20));
            log.add("read at 0", () -> ch.read(ByteBuffer.allocate(3), 0));
            log.add("position", ch::position);
            log.add("read at -1", () -> ch.read(ByteBuffer.allocate(1), -1));
            log.add("write at 0", () -> ch.write(bytes("x"), 0));
        });
    }

    @Test
    void positionalWritesLeaveThePositionAndFillAGapWithZeros() throws Exception {
        sameAsTheJdk(Set.of(READ, WRITE), (ch, log) -> {
            ch.position(2);
            log.add("write at 0", () -> ch.write(bytes("ab"), 0));
            log.add("write at 12", () -> ch.write(bytes("cd"), 12));
            log.add("position", ch::position);
            log.add("size", ch::size);
            log.add("write at -1", () -> ch.write(bytes("e"), -1));
        });
    }

    @Test
    void aPositionalWriteOnAReadOnlyChannelIsNonWritable() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            log.add("write at 0", () -> ch.write(bytes("x"), 0));
            log.add("write", () -> ch.write(bytes("x")));
            log.add("truncate", () -> ch.truncate(1));
            log.add("transferFrom", () -> ch.transferFrom(source("abc"), 0, 3));
        });
    }

    @Test
    void aReadOnAWriteOnlyChannelIsNonReadable() throws Exception {
        sameAsTheJdk(Set.of(WRITE), (ch, log) -> {
            log.add("read", () -> ch.read(ByteBuffer.allocate(1)));
            log.add("read at 0", () -> ch.read(ByteBuffer.allocate(1), 0));
            log.add("transferTo", () -> ch.transferTo(0, 3, Channels.newChannel(new ByteArrayOutputStream())));
            log.add("transferTo nothing", () -> ch.transferTo(0, 0,
                    Channels.newChannel(new ByteArrayOutputStream())));
        });
    }

    @Test
    void truncateShortensTheFileAndPullsThePositionBack() throws Exception {
        sameAsTheJdk(Set.of(READ, WRITE), (ch, log) -> {
            ch.position(8);
            log.add("truncate(4) is the channel", () -> ch.truncate(4) == ch);
            log.add("size", ch::size);
            log.add("position", ch::position);
            ch.position(1);
            log.add("truncate(2)", () -> ch.truncate(2).position());
            log.add("truncate(-1)", () -> ch.truncate(-1));
            log.add("truncate(0)", () -> ch.truncate(0).size());
            log.add("position after truncate(0)", ch::position);
        });
    }

    @Test
    void truncateToALargerSizeChangesNothing() throws Exception {
        sameAsTheJdk(Set.of(WRITE), (ch, log) -> {
            ch.position(3);
            log.add("truncate(20)", () -> ch.truncate(20).size());
            log.add("position", ch::position);
            log.add("truncate(10)", () -> ch.truncate(10).size());
        });
    }

    @Test
    void transferToCopiesUpToTheEndAndLeavesThePosition() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            ch.position(5);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            log.add("transferTo(2, 100)", () -> ch.transferTo(2, 100, Channels.newChannel(out)));
            log.add("bytes", () -> out.toString(StandardCharsets.ISO_8859_1));
            log.add("transferTo(10, 5)", () -> ch.transferTo(10, 5, Channels.newChannel(out)));
            log.add("transferTo(20, 5)", () -> ch.transferTo(20, 5, Channels.newChannel(out)));
            log.add("transferTo(0, 0)", () -> ch.transferTo(0, 0, Channels.newChannel(out)));
            log.add("transferTo(9, 1)", () -> ch.transferTo(9, 1, Channels.newChannel(out)));
            log.add("bytes", () -> out.toString(StandardCharsets.ISO_8859_1));
            log.add("position", ch::position);
            log.add("transferTo(-1, 1)", () -> ch.transferTo(-1, 1, Channels.newChannel(out)));
            log.add("transferTo(0, -1)", () -> ch.transferTo(0, -1, Channels.newChannel(out)));
        });
    }

    @Test
    void transferFromWritesAtMostCountBytesAndLeavesTheRestOfTheSource() throws Exception {
        sameAsTheJdk(Set.of(READ, WRITE), (ch, log) -> {
            ch.position(1);
            ReadableByteChannel src = source("abcde");
            log.add("transferFrom(src, 2, 3)", () -> ch.transferFrom(src, 2, 3));
            ByteBuffer rest = ByteBuffer.allocate(8);
            log.add("rest of source", () -> src.read(rest) + " " + ascii(rest));
            log.add("position", ch::position);
        });
    }

    @Test
    void transferFromAtTheEndAppendsAndFromAnEmptySourceTransfersNothing() throws Exception {
        sameAsTheJdk(Set.of(WRITE), (ch, log) -> {
            log.add("transferFrom(src, 10, 3)", () -> ch.transferFrom(source("abc"), 10, 3));
            log.add("size", ch::size);
            log.add("transferFrom(empty, 0, 3)", () -> ch.transferFrom(source(""), 0, 3));
            log.add("transferFrom(src, 0, 0)", () -> ch.transferFrom(source("xyz"), 0, 0));
            log.add("transferFrom(src, -1, 1)", () -> ch.transferFrom(source("xyz"), -1, 1));
            log.add("transferFrom(src, 0, -1)", () -> ch.transferFrom(source("xyz"), 0, -1));
        });
    }

    /**
     * Java 25's {@code FileChannel.transferFrom}: "If the given position is greater than or equal to the file's
     * current size then the file will be grown" (older JDKs transferred nothing past the end).
     */
    @Test
    void transferFromPastTheEndGrowsTheFile() throws Exception {
        sameAsTheJdk(Set.of(WRITE), (ch, log) -> {
            log.add("transferFrom(src, 13, 3)", () -> ch.transferFrom(source("abc"), 13, 3));
            log.add("size", ch::size);
            log.add("position", ch::position);
        });
    }

    @Test
    void transferFromASourceLongerThanTheChunkWritesItWhole() throws Exception {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        sameAsTheJdk(Set.of(READ, WRITE), (ch, log) -> {
            ReadableByteChannel src = Channels.newChannel(new ByteArrayInputStream(big));
            log.add("transferFrom", () -> ch.transferFrom(src, 3, big.length));
            log.add("size", ch::size);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            log.add("transferTo", () -> ch.transferTo(0, Long.MAX_VALUE, Channels.newChannel(out)));
            log.add("bytes hash", () -> Arrays.hashCode(out.toByteArray()));
        });
    }

    @Test
    void positionZeroIsLegalAndNegativeIsIllegal() throws Exception {
        sameAsTheJdk(Set.of(READ), (ch, log) -> {
            ch.position(4);
            log.add("position(0)", () -> ch.position(0).position());
            log.add("position(-1)", () -> ch.position(-1));
            log.add("position", ch::position);
        });
    }

    @Test
    void transfersOfACountThatEndsInALaterChunkStopAtTheCount() throws Exception {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 23);
        }
        sameAsTheJdk(Set.of(READ, WRITE), (ch, log) -> {
            ReadableByteChannel src = Channels.newChannel(new ByteArrayInputStream(big));
            log.add("transferFrom 150000 of 200000", () -> ch.transferFrom(src, 3, 150_000));
            log.add("size", ch::size);
            ByteBuffer rest = ByteBuffer.allocate(60_000);
            log.add("rest of source", () -> src.read(rest));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            log.add("transferTo 140000", () -> ch.transferTo(5, 140_000, Channels.newChannel(out)));
            log.add("bytes hash", () -> out.size() + " " + Arrays.hashCode(out.toByteArray()));
        });
    }

    /** A source with nothing available now (as a non-blocking channel) ends the transfer, as in the JDK. */
    @Test
    void transferFromStopsWhenTheSourceHasNothingAvailable() throws Exception {
        sameAsTheJdk(Set.of(WRITE), (ch, log) -> {
            ReadableByteChannel src = new ReadableByteChannel() {
                private final java.util.Deque<String> reads = new java.util.ArrayDeque<>(List.of("ab", "", "cd"));

                @Override
                public int read(ByteBuffer dst) {
                    if (reads.isEmpty()) {
                        return -1;
                    }
                    byte[] b = reads.removeFirst().getBytes(StandardCharsets.ISO_8859_1);
                    dst.put(b);
                    return b.length;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
            log.add("transferFrom", () -> ch.transferFrom(src, 1, 10));
            log.add("transferFrom again", () -> ch.transferFrom(src, 1, 10));
        });
    }

    @Test
    void everyCallOnAClosedChannelThrowsClosedChannel() throws Exception {
        sameAsTheJdk(Set.of(READ, WRITE), (ch, log) -> {
            ch.close();
            log.add("isOpen", ch::isOpen);
            log.add("read", () -> ch.read(ByteBuffer.allocate(1)));
            log.add("scatter read", () -> ch.read(new ByteBuffer[] {ByteBuffer.allocate(1)}));
            log.add("write", () -> ch.write(bytes("x")));
            log.add("gather write", () -> ch.write(new ByteBuffer[] {bytes("x")}));
            log.add("position", ch::position);
            log.add("position(1)", () -> ch.position(1));
            log.add("size", ch::size);
            log.add("truncate", () -> ch.truncate(1));
            log.add("force", () -> {
                ch.force(true);
                return "forced";
            });
            log.add("read at 0", () -> ch.read(ByteBuffer.allocate(1), 0));
            log.add("write at 0", () -> ch.write(bytes("x"), 0));
            log.add("transferTo", () -> ch.transferTo(0, 1, Channels.newChannel(new ByteArrayOutputStream())));
            log.add("transferFrom", () -> ch.transferFrom(source("x"), 0, 1));
            log.add("transferTo nothing", () -> ch.transferTo(0, 0,
                    Channels.newChannel(new ByteArrayOutputStream())));
            log.add("transferFrom an empty source", () -> ch.transferFrom(source(""), 0, 1));
            log.add("close again", () -> {
                ch.close();
                return "closed";
            });
        });
    }
}
