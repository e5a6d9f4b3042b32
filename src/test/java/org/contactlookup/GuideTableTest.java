package org.contactlookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's table of the guide's steps points at real code: every {@code web/...} or
 * {@code client/...} name in it is a file under {@code src/main/java/org/contactlookup/}, and
 * every {@code Class.method} a method declared in that file. Code that moves breaks this test,
 * not the reader's trust.
 */
class GuideTableTest {
    private static final Path SOURCES = Path.of("src/main/java/org/contactlookup");
    /** {@code web/LookupServlet.doPost}, {@code client/config/ConnectionFile.java}, {@code web/Pages.results}. */
    private static final Pattern POINTER = Pattern.compile("`((?:web|client)(?:/[a-z]+)*/[A-Z]\\w*)(?:\\.(java|\\w+))?");

    private static List<String> tableRows() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## The guide, step by step, in Java");
        int end = readme.indexOf("\n## ", start + 1);
        List<String> rows = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| **")) {
                rows.add(line);
            }
        }
        return rows;
    }

    @Test
    void theTableHasTheGuidesSevenSteps() throws Exception {
        List<String> rows = tableRows();
        assertEquals(7, rows.size());
        for (int step = 1; step <= 7; step++) {
            assertTrue(rows.get(step - 1).startsWith("| **" + step + ". "), rows.get(step - 1));
        }
    }

    /** One click: each step's first pointer is a link to the one file that does it. */
    @Test
    void eachStepOpensWithALinkToItsFile() throws Exception {
        Pattern linked = Pattern.compile("\\[`((?:web|client)(?:/[a-z]+)*/[A-Z]\\w*)(?:\\.\\w+)?`\\]\\(([^)]+)\\)");
        for (String row : tableRows()) {
            String here = row.substring(row.indexOf(" | ", 2) + 3);
            Matcher first = POINTER.matcher(here);
            assertTrue(first.find(), row);
            Matcher link = linked.matcher(here);
            assertTrue(link.find() && link.start() == first.start() - 1, "the first pointer is not a link: " + here);
            assertEquals("src/main/java/org/contactlookup/" + link.group(1) + ".java", link.group(2));
        }
    }

    @Test
    void everyPointerNamesAFileAndAMethodThatExist() throws Exception {
        for (String row : tableRows()) {
            Matcher m = POINTER.matcher(row.substring(row.indexOf(" | ", 2)));
            int pointers = 0;
            while (m.find()) {
                Path file = SOURCES.resolve(m.group(1) + ".java");
                assertTrue(Files.isRegularFile(file), file + " named in the guide table does not exist");
                String member = m.group(2);
                if (member != null && !member.equals("java")) {
                    Pattern declared = Pattern.compile("\\n\\s+(?:public |protected |private |static |final |default |synchronized )*"
                            + "[\\w<>\\[\\], ?]+\\s" + Pattern.quote(member) + "\\(");
                    assertTrue(declared.matcher(Files.readString(file)).find(), file + " declares no method " + member);
                }
                pointers++;
            }
            assertTrue(pointers > 0, "a step with no pointer to the code: " + row);
        }
    }
}
