package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The first event has its line at once; the rest are counted into the next line. */
class SummedLineTest {
    @Test
    void theFirstIsSaidAtOnceAndTheRestOnlyCountedWithinTheInterval() {
        SummedLine line = new SummedLine(3600);
        List<OptionalLong> said = IntStream.range(0, 4).mapToObj(i -> line.happened()).toList();
        assertEquals(List.of(OptionalLong.of(1), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()), said);
    }

    @Test
    void onceTheIntervalIsOverTheNextLineCarriesEveryEventSinceTheLast() throws Exception {
        SummedLine line = new SummedLine(1);
        assertEquals(OptionalLong.of(1), line.happened());
        assertEquals(OptionalLong.empty(), line.happened());
        assertEquals(OptionalLong.empty(), line.happened());
        Thread.sleep(1100);
        assertEquals(OptionalLong.of(3), line.happened(), "the two counted and this one");
    }
}
