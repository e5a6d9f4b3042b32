package org.contactlookup.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The sandbox's own XML-RPC reading and writing: small, strict, and independent of the client library. */
final class XmlRpcWire {
    /** A parsed {@code methodCall}. */
    record Call(String method, List<Object> params) {
    }

    private XmlRpcWire() {
    }

    static Call parseCall(byte[] body) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Element root = builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
            if (!root.getTagName().equals("methodCall")) {
                throw new IOException("not a methodCall");
            }
            String method = child(root, "methodName").getTextContent().strip();
            List<Object> params = new ArrayList<>();
            Element paramsElement = optionalChild(root, "params");
            if (paramsElement != null) {
                for (Element param : children(paramsElement, "param")) {
                    params.add(value(child(param, "value")));
                }
            }
            return new Call(method, params);
        } catch (ParserConfigurationException | SAXException | IllegalArgumentException e) {
            throw new IOException("malformed XML-RPC request: " + e.getMessage(), e);
        }
    }

    private static Object value(Element value) throws IOException {
        List<Element> typed = children(value, null);
        if (typed.isEmpty()) {
            return value.getTextContent();
        }
        Element t = typed.get(0);
        String text = t.getTextContent();
        return switch (t.getTagName()) {
            case "string" -> text;
            case "int", "i4" -> Integer.parseInt(text.strip());
            case "boolean" -> "1".equals(text.strip());
            case "double" -> Double.parseDouble(text.strip());
            case "base64" -> Base64.getMimeDecoder().decode(text.strip());
            case "dateTime.iso8601" -> XmlRpcDates.parse(text.strip());
            case "array" -> {
                List<Object> items = new ArrayList<>();
                for (Element v : children(child(t, "data"), "value")) {
                    items.add(value(v));
                }
                yield items;
            }
            case "struct" -> {
                Map<String, Object> members = new LinkedHashMap<>();
                for (Element member : children(t, "member")) {
                    members.put(child(member, "name").getTextContent(), value(child(member, "value")));
                }
                yield members;
            }
            default -> throw new IOException("unsupported XML-RPC type " + t.getTagName());
        };
    }

    static byte[] response(Object result) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><params><param>");
        writeValue(xml, result);
        return xml.append("</param></params></methodResponse>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fault(int code, String message) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><fault>");
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("faultCode", code);
        fault.put("faultString", message);
        writeValue(xml, fault);
        return xml.append("</fault></methodResponse>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static void writeValue(StringBuilder xml, Object value) {
        xml.append("<value>");
        if (value instanceof String s) {
            xml.append("<string>").append(escape(s)).append("</string>");
        } else if (value instanceof Integer i) {
            xml.append("<i4>").append(i).append("</i4>");
        } else if (value instanceof Boolean b) {
            xml.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
        } else if (value instanceof Double d) {
            xml.append("<double>").append(d).append("</double>");
        } else if (value instanceof byte[] bytes) {
            xml.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
        } else if (value instanceof LocalDateTime time) {
            xml.append("<dateTime.iso8601>").append(XmlRpcDates.format(time)).append("</dateTime.iso8601>");
        } else if (value instanceof Map<?, ?> map) {
            xml.append("<struct>");
            map.forEach((k, v) -> {
                xml.append("<member><name>").append(escape(String.valueOf(k))).append("</name>");
                writeValue(xml, v);
                xml.append("</member>");
            });
            xml.append("</struct>");
        } else if (value instanceof List<?> list) {
            xml.append("<array><data>");
            list.forEach(v -> writeValue(xml, v));
            xml.append("</data></array>");
        } else {
            throw new IllegalArgumentException("cannot write " + value);
        }
        xml.append("</value>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Element child(Element parent, String name) throws IOException {
        Element found = optionalChild(parent, name);
        if (found == null) {
            throw new IOException("<" + parent.getTagName() + "> has no <" + name + ">");
        }
        return found;
    }

    private static Element optionalChild(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }
}
