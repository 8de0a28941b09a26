package org.kernkit.cli.vmbus;

import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.kernkit.cli.ExternalTool;
import org.kernkit.cli.KernkitChildJvm;
import java.nio.charset.StandardCharsets;
import org.kernkit.cli.ProgressLine;
import org.kernkit.cli.TourStep;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vmbus.Channel;
import org.kernkit.vmbus.ChannelBlockDevice;
import org.kernkit.vmbus.ChannelFile;

/** The vmbus part of {@code kernkit tour}: a disk served by a host process, then a ping between two processes. */
public final class VmbusTour implements TourStep {

    @Override
    public String title() {
        return "vmbus: Hyper-V ring buffers between two processes, a disk served over them";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("kernkit-vmbus-tour");
        Path image = dir.resolve("disk.img");
        Path ring = dir.resolve("ring");
        Path log = dir.resolve("host.log");
        int megabytes = 16;
        Files.write(image, new byte[megabytes << 20]);
        Process host = KernkitChildJvm.start(log, "vmbus", "host", image.toString(), "--ring", ring.toString(),
                "--sessions", "1");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.open(ring, arena, 30_000);
            Channel guest = Channel.attach(region, Channel.Role.GUEST, 30_000);
            out.printf("host process %d serves %s (%d MiB) on %s; this process (%d) is the guest%n", host.pid(),
                    image.getFileName(), megabytes, ring.getFileName(), ProcessHandle.current().pid());
            byte[] data = new byte[megabytes << 20];
            new Random(2009).nextBytes(data);
            ChannelBlockDevice disk = new ChannelBlockDevice(guest, TimeUnit.SECONDS.toNanos(30));
            try (disk) {
                long t0 = System.nanoTime();
                disk.write(0, ByteBuffer.wrap(data));
                disk.flush();
                long t1 = System.nanoTime();
                ByteBuffer back = ByteBuffer.allocate(data.length);
                disk.read(0, back);
                long t2 = System.nanoTime();
                out.printf("guest wrote %d MiB + flush in %.0f ms (%.0f MB/s), read it back in %.0f ms (%.0f MB/s), "
                                + "%d sectors per request; bytes match: %s%n",
                        megabytes, (t1 - t0) / 1e6, data.length / ((t1 - t0) / 1e3), (t2 - t1) / 1e6,
                        data.length / ((t2 - t1) / 1e3), disk.maxSectorsPerRequest(), Arrays.equals(data, back.array()));
                // Now a FAT file system through the channel: vfat on the guest, the image file on the host.
                try (FatFileSystem fs = FatFileSystem.format(disk, FormatOptions.builder().volumeLabel("VMBUS").build())) {
                    fs.createDirectories("/tour");
                    fs.writeAllBytes("/tour/hello.txt", "written by vfat through a VMBus ring\n".getBytes(StandardCharsets.UTF_8));
                    fs.writeAllBytes("/tour/random.bin", Arrays.copyOf(data, 1 << 20));
                    out.printf("guest formatted the disk with vfat through the channel (%s) and wrote:%n", fs.type());
                    for (FatEntry e : fs.list("/tour")) {
                        out.printf("  /tour/%-12s %,9d bytes%n", e.name(), e.size());
                    }
                }
            }
            if (!host.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("host process did not exit after the guest left");
            }
            // The host's last line names itself ("vmbus host: session ended ..."): print it as it is.
            out.printf("%s%n", Files.readString(log).strip().lines().reduce((a, b) -> b).orElse("(the host printed nothing)"));
            out.printf("fsck.fat -n on the host's image file: %s%n", fsck(image));
        } finally {
            host.destroyForcibly();
        }
        out.flush();
        Ping.Result result = Ping.run(2_000_000, 64, 20_000, 2 << 20, ProgressLine.silent());
        out.println("ping between two JVMs over a 2 MiB ring: " + result.describe().replace("\n", "\n  "));
        out.println("  what differs from docs/BENCHMARKS.md: " + Ping.DIFFERENCE);
        for (Path p : List.of(image, ring, log, dir)) {
            Files.deleteIfExists(p);
        }
    }

    private static String fsck(Path image) throws Exception {
        Optional<Path> tool = ExternalTool.find("fsck.fat");
        if (tool.isEmpty()) {
            return "not run (dosfstools not installed)";
        }
        Process p = new ProcessBuilder(tool.get().toString(), "-n", image.toString()).redirectErrorStream(true).start();
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return "exit " + p.exitValue() + ", " + report.lines().reduce((a, b) -> b).orElse("");
    }
}
