package org.contactlookup.client.protocol.xmlrpc;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
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

    /** A new hardened reader, its errors thrown. The codec reuses parsers instead ({@link ReaderPool}). */
    public static XMLReader newReader() throws XmlRpcException {
        try {
            XMLReader reader = newParser().getXMLReader();
            reader.setErrorHandler(RETHROW);
            return reader;
        } catch (SAXException e) {
            throw new XmlRpcException("cannot create an XML reader: " + e.getMessage(), e);
        }
    }

    /**
     * A new hardened parser. Its {@link SAXParser#reset()} puts every feature back to the
     * factory's, so the hardening survives a reset; its reader has no error handler yet.
     */
    static SAXParser newParser() throws XmlRpcException {
        try {
            // A factory is not thread-safe; the parsers it makes are independent of it and of each other.
            synchronized (FACTORY) {
                return FACTORY.newSAXParser();
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new XmlRpcException("cannot create an XML parser: " + e.getMessage(), e);
        }
    }

    /** Whether the reader has every hardening feature set as {@link #FEATURES} says. */
    static boolean isHardened(XMLReader reader) {
        try {
            for (String[] feature : FEATURES) {
                if (reader.getFeature(feature[0]) != Boolean.parseBoolean(feature[1])) {
                    return false;
                }
            }
            return true;
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            return false;
        }
    }

    /** Turns every problem into an exception; the JDK's default handler prints to stderr instead. */
    static final ErrorHandler RETHROW = new ErrorHandler() {
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
