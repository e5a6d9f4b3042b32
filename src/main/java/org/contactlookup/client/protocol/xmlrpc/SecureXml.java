package org.contactlookup.client.protocol.xmlrpc;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * XML readers for responses. The library's own {@code SAXParsers} honours DOCTYPEs and fetches
 * external DTDs (CVE-2016-5002), so a hostile or spoofed server could make us open URLs. XML-RPC
 * never needs a DOCTYPE, so any response that has one is refused outright.
 */
public final class SecureXml {
    private static final String[][] FEATURES = {
        {"http://apache.org/xml/features/disallow-doctype-decl", "true"},
        {"http://xml.org/sax/features/external-general-entities", "false"},
        {"http://xml.org/sax/features/external-parameter-entities", "false"},
        {"http://apache.org/xml/features/nonvalidating/load-external-dtd", "false"},
        {XMLConstants.FEATURE_SECURE_PROCESSING, "true"},
    };
    private static final SAXParserFactory FACTORY = newFactory();

    private SecureXml() {
    }

    private static SAXParserFactory newFactory() {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            for (String[] feature : FEATURES) {
                factory.setFeature(feature[0], Boolean.parseBoolean(feature[1]));
            }
        } catch (ParserConfigurationException | SAXException e) {
            // Fail closed: a parser that cannot be hardened is not used at all.
            throw new IllegalStateException("the XML parser cannot be hardened: " + e.getMessage(), e);
        }
        return factory;
    }

    public static XMLReader newReader() throws XmlRpcException {
        try {
            XMLReader reader;
            synchronized (FACTORY) {
                reader = FACTORY.newSAXParser().getXMLReader();
            }
            reader.setErrorHandler(RETHROW);
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new XmlRpcException("cannot create an XML reader: " + e.getMessage(), e);
        }
    }

    /** Turns every problem into an exception; the JDK's default handler prints to stderr instead. */
    private static final ErrorHandler RETHROW = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
