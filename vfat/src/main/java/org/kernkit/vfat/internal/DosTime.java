package org.kernkit.vfat.internal;

import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * DOS date and time fields: local time, 2-second resolution (plus a 10 ms creation byte), years 1980..2107.
 *
 * <pre>
 *  date: bits 15-9 year-1980, 8-5 month, 4-0 day      time: bits 15-11 hour, 10-5 minute, 4-0 second/2
 * </pre>
 */
public final class DosTime {

    private DosTime() {}

    private static LocalDateTime clamp(LocalDateTime t) {
        if (t.getYear() < 1980) {
            return LocalDateTime.of(1980, 1, 1, 0, 0);
        }
        if (t.getYear() > 2107) {
            return LocalDateTime.of(2107, 12, 31, 23, 59, 58);
        }
        return t;
    }

    public static LocalDateTime local(FileTime time, ZoneId zone) {
        return clamp(LocalDateTime.ofInstant(time.toInstant(), zone));
    }

    public static int date(LocalDateTime t) {
        t = clamp(t);
        return (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
    }

    public static int time(LocalDateTime t) {
        t = clamp(t);
        return t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
    }

    /** The creation 10 ms byte: odd second and hundredths, 0..199. */
    public static int tenths(LocalDateTime t) {
        t = clamp(t);
        return (t.getSecond() % 2) * 100 + t.getNano() / 10_000_000;
    }

    /** The time of a DOS date/time pair, or {@code null} if the date is 0 (never set) or impossible. */
    public static FileTime toFileTime(int date, int time, int tenths, ZoneId zone) {
        if (date == 0) {
            return null;
        }
        int year = 1980 + (date >>> 9);
        int month = (date >>> 5) & 0xF;
        int day = date & 0x1F;
        int hour = time >>> 11;
        int minute = (time >>> 5) & 0x3F;
        int second = (time & 0x1F) * 2;
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second);
            if (tenths > 0 && tenths < 200) {
                t = t.plusNanos(tenths * 10_000_000L);
            }
            return FileTime.from(t.atZone(zone).toInstant());
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
