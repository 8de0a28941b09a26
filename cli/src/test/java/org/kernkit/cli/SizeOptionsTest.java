package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SizeOptionsTest {

    @Test
    void sizesBelowOneKibibyteStayExactBytes() {
        assertEquals("0 B", SizeOptions.human(0));
        assertEquals("1023 B", SizeOptions.human(1023));
    }

    @Test
    void largerSizesUseTheLargestUnitWithOneDecimalRoundedHalfUp() {
        assertEquals("1.0 KiB", SizeOptions.human(1024));
        assertEquals("1.5 KiB", SizeOptions.human(1536));
        assertEquals("1.1 KiB", SizeOptions.human(1024 + 52)); // 1.0508 rounds up
        assertEquals("1.0 KiB", SizeOptions.human(1024 + 51)); // 1.0498 rounds down
        assertEquals("4.0 MiB", SizeOptions.human(4L << 20));
        assertEquals("3.2 GiB", SizeOptions.human((long) (3.2 * (1L << 30))));
        assertEquals("8.0 EiB", SizeOptions.human(Long.MAX_VALUE));
    }

    @Test
    void roundingUpToTheNextUnitMovesToThatUnit() {
        assertEquals("1.0 MiB", SizeOptions.human((1L << 20) - 1));
        assertEquals("1000.0 KiB", SizeOptions.human(1000L << 10));
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SizeOptions.human(-1));
    }

    @Command(name = "sized")
    static final class Sized implements Runnable {
        @Mixin
        SizeOptions sizes;

        @Override
        public void run() {
        }
    }

    @Test
    void dashHMeansHumanReadableAndHelpStaysAtDoubleDashHelp() {
        Sized sized = new Sized();
        CommandLine cmd = new CommandLine(sized);
        cmd.parseArgs("-h");
        assertEquals("2.0 KiB", sized.sizes.format(2048));
        Sized plain = new Sized();
        new CommandLine(plain).parseArgs();
        assertEquals("2048", plain.sizes.format(2048));
        assertEquals(true, new CommandLine(new Sized()).parseArgs("--help").isUsageHelpRequested());
    }

    @Test
    void aNegativeLengthFromADamagedFileIsPrintedExactlyEvenUnderDashH() {
        Sized sized = new Sized();
        new CommandLine(sized).parseArgs("-h");
        assertEquals("-4096", sized.sizes.format(-4096));
        assertEquals("-4096 bytes", sized.sizes.withUnit(-4096));
    }
}
