package org.contactlookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and its topic pages leads somewhere: the file exists, and a
 * {@code #anchor} names a heading in it (as GitHub makes anchors: lower case, punctuation
 * dropped, spaces as hyphens). The README stays short and every page is linked from it.
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("```.*?```", Pattern.DOTALL);

    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }

    private static Set<String> anchors(Path document) throws Exception {
        Set<String> anchors = new HashSet<>();
        for (String line : CODE.matcher(Files.readString(document)).replaceAll("").split("\n")) {
            if (line.startsWith("#")) {
                anchors.add(anchor(line.replaceFirst("^#+", "")));
            }
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkResolvesToAFileAndAHeading() throws Exception {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path document : ReadmeExamplesTest.documents()) {
            Matcher m = LINK.matcher(CODE.matcher(Files.readString(document)).replaceAll(""));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                links++;
                String[] pathAndAnchor = target.split("#", 2);
                Path file = pathAndAnchor[0].isEmpty() ? document : document.resolveSibling(pathAndAnchor[0]).normalize();
                if (!Files.exists(file)) {
                    broken.add(document + ": " + target + " (no such file)");
                } else if (pathAndAnchor.length == 2 && !anchors(file).contains(pathAndAnchor[1])) {
                    broken.add(document + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(links > 20, links + " links checked");
    }

    @Test
    void theReadmeIsShortAndLinksEveryPage() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.lines().count() <= 250, "README.md has " + readme.lines().count() + " lines");
        for (Path page : ReadmeExamplesTest.documents().subList(1, ReadmeExamplesTest.documents().size())) {
            assertTrue(readme.contains("](src/site/markdown/" + page.getFileName() + ")"), page + " is not linked from README.md");
            assertTrue(Files.readString(page).split("\n")[2].startsWith("For "), page + " does not open with who it is for");
        }
    }
}
