package org.contactlookup.guide;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.contactlookup.client.InfusionsoftClient;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.ConnectionFile;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;

/**
 * The PHP guide "Getting Started With The Infusionsoft API" as one Java program, step by step,
 * with the synchronous client. Arguments: a connection file, a connection in it, and an email
 * address. With none, it starts the local sandbox and uses the connection file it writes, so it
 * runs without an account.
 */
public final class GettingStarted {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            try (Sandbox sandbox = Sandbox.builder().start()) {
                guide(SandboxFiles.write(sandbox, Path.of("target", "guide")), "sandbox", "john.doe@example.com");
            }
        } else {
            guide(Path.of(args[0]), args[1], args[2]);
        }
    }

    static void guide(Path connectionFile, String connectionName, String email) {
        // 1. conn.cfg.php: "connectionName:YourAppName:i:PRIVATE_KEY:comment" lines.
        Connection connection = ConnectionFile.read(connectionFile).connection(connectionName);
        try (InfusionsoftClient app = InfusionsoftClient.create(connection)) {
            // 2. $app->cfgCon("connectionName"): connect first, or stop here.
            try {
                app.checkConnection();
                System.out.println("app connected!");
            } catch (InfusionsoftException e) {
                System.out.println("connection failed!");
                return;
            }
            // 3. and 4. $_POST['email'] and its sanity checks: the web page does them (LookupServlet, ContactForm).
            // 5. $app->findByEmail($email, $returnFields)
            List<String> returnFields = List.of("Id", "FirstName", "LastName");
            List<Map<String, Object>> contacts = app.findByEmail(email, returnFields);
            // 6. print_r($contacts): an array of associative arrays.
            System.out.print(printR(contacts));
            // 7. if (sizeof($emails) == 0)
            if (contacts.isEmpty()) {
                System.out.println("Found no one by that name");
            }
        } catch (InfusionsoftException e) {
            System.out.println("the lookup failed: " + e.getMessage());
        }
    }

    /** What PHP's print_r prints for an array of associative arrays. */
    static String printR(List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder("Array\n(\n");
        for (int i = 0; i < rows.size(); i++) {
            out.append("    [").append(i).append("] => Array\n        (\n");
            rows.get(i).forEach((field, value) -> out.append("            [").append(field).append("] => ").append(value).append('\n'));
            out.append("        )\n\n");
        }
        return out.append(")\n").toString();
    }
}
