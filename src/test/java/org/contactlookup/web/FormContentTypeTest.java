package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormContentTypeTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            application/x-www-form-urlencoded                              | true
            application/x-www-form-urlencoded; charset=UTF-8               | true
            application/x-www-form-urlencoded;charset=utf-8                | true
            application/x-www-form-urlencoded; charset="UTF-8"             | true
            application/x-www-form-urlencoded ; Charset = "utf-8"          | false
            application/x-www-form-urlencoded;charset="utf-8"              | true
            APPLICATION/X-WWW-FORM-URLENCODED; CHARSET=UTF-8               | true
            application/x-www-form-urlencoded; charset="UTF\\-8"           | true
            application/x-www-form-urlencoded; charset=UTF-8; extra=1      | true
            application/x-www-form-urlencoded; extra="a;b"; charset=UTF-8  | true
            application/x-www-form-urlencoded;                             | true
            application/x-www-form-urlencoded; charset=ISO-8859-1          | false
            application/x-www-form-urlencoded; charset="ISO-8859-1"        | false
            application/x-www-form-urlencoded; charset=utf8                | false
            application/x-www-form-urlencoded; charset=UTF-8; charset=Latin1 | false
            application/x-www-form-urlencoded; charset="UTF-8              | false
            application/x-www-form-urlencoded; charset=                    | false
            application/x-www-form-urlencoded; charset                     | false
            application/x-www-form-urlencoded; charset=UTF-8 x             | false
            application/x-www-form-urlencodedx                             | false
            multipart/form-data; boundary=x                                | false
            application/json                                               | false
            NULL                                                           | false
            """)
    void acceptsOnlyAUtf8UrlEncodedForm(String contentType, boolean accepted) {
        assertEquals(accepted, FormContentType.isUtf8Form(contentType));
    }
}
