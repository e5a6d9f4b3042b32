package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"0020", "0009", "000A", "000D", "00A0", "1680", "2000", "2007", "200A", "2028", "2029", "202F", "205F", "3000"})
    void everyKindOfSpaceIsTrimmedAtBothEnds(String codePoint) {
        String space = Character.toString(Integer.parseInt(codePoint, 16));
        assertEquals("Ann Lee", Names.trim(space + space + "Ann Lee" + space));
    }

    @Test
    void nothingButSpacesTrimsToEmpty() {
        assertEquals("", Names.trim("\u00A0\u3000 \u202F"));
        assertEquals("", Names.trim(null));
    }

    @Test
    void cleanNameIsComposedWithPlainSpacesInside() {
        assertEquals("Zoë van der Berg", Names.clean("\u00A0Zoe\u0308 van\u00A0der\u202FBerg\u3000"));
    }

    @Test
    void lengthCountsLettersOutsideTheBmpOnce() {
        String sixty = "\uD840\uDC00".repeat(60); // U+20000, a CJK letter outside the BMP
        assertEquals(120, sixty.length());
        assertEquals(60, Names.length(sixty));
    }

    @Test
    void marksAreCountedPerLetter() {
        assertEquals(0, Names.mostMarksOnOneLetter("Nguyễn"));
        assertEquals(2, Names.mostMarksOnOneLetter(Normalizer.normalize("Nguyễn", Normalizer.Form.NFD)));
        assertEquals(3, Names.mostMarksOnOneLetter("a\u0301\u0302\u0303b\u0301"));
        assertEquals(99, Names.mostMarksOnOneLetter("a" + "\u0301".repeat(99)));
    }

    @ParameterizedTest(name = "[{0}] ~ [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            Zoë         | Zoë
            ZOË         | zoë
            Ångström    | ÅNGSTRÖM
            Straße      | STRASSE
            ΟΔΥΣΣΕΥΣ    | Οδυσσευς
            Mary  Jane  | Mary Jane
            """)
    void namesMatchIgnoringCaseSpacingAndComposition(String typed, String stored) {
        assertEquals(true, Names.sameName(typed, stored));
        assertEquals(true, Names.sameName(Normalizer.normalize(typed, Normalizer.Form.NFD), stored));
        assertEquals(true, Names.sameName(typed, Normalizer.normalize(stored, Normalizer.Form.NFD)));
    }

    @Test
    void differentNamesDoNotMatch() {
        assertFalse(Names.sameName("Zoe", "Zoë"));
        assertFalse(Names.sameName("Sam", "Alex"));
        assertFalse(Names.sameName("Sam", null));
    }
}
