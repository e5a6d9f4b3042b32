package org.contactlookup.client.protocol.xmlrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.SAXParser;
import org.apache.xmlrpc.XmlRpcException;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Hardened parsers ({@link SecureXml}) kept for the next answer: building a JDK parser costs more
 * than parsing a typical answer with it. Thread-safe; each parser is used by one thread at a time.
 *
 * <p>Why a small pool owned by the codec rather than a parser per thread ({@code ThreadLocal}):
 * the client runs inside Tomcat web apps, on Tomcat's shared request threads (up to 200 of them)
 * and the HTTP engine's. {@code SAXParserFactory.newInstance()} looks through the context class
 * loader, so a Xerces jar in a web app's {@code WEB-INF/lib} would supply the parser classes, and
 * a {@code ThreadLocal} on those shared threads would then keep the undeployed web app's class
 * loader alive; with the JDK's own parser it would still keep one parser per thread that ever
 * parsed, for threads that seldom do. A pool is reachable only from its codec, so it goes away
 * with its client, whatever parser classes it holds; and since parsing is CPU work, the number of
 * answers parsed at the same instant is bounded by the cores, so a few parsers per core suffice.
 * A thread that finds the pool empty builds a parser, and one returned to a full pool is dropped.
 *
 * <p>Nothing of one answer reaches the next: after a clean parse, {@link SAXParser#reset()}
 * drops the handlers (and with them the answer's values) and puts every feature back as the
 * factory set it, which is checked before the parser goes back. A parse that threw (a malformed
 * answer, a refused DOCTYPE, an error) may have stopped anywhere, so that parser is dropped, never
 * reused. A reused parser also keeps every element and attribute name it has seen (the JDK's
 * symbol table is never emptied) and buffers grown to the largest text it has read: a parser is therefore
 * retired once it has parsed {@code retireAfterBytes}, which bounds what a server sending ever
 * new names or huge answers can make a pooled parser hold.
 */
final class ReaderPool {
    /** A few per core, and no more than 16: about 20 KB each when idle. */
    static final int DEFAULT_CAPACITY = Math.min(16, Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
    /** About 500 typical findByEmail answers (about 500 bytes each) per parser: the building cost spread that thin. */
    static final long DEFAULT_RETIRE_AFTER_BYTES = 256 * 1024;

    private final BlockingQueue<Pooled> idle;
    private final long retireAfterBytes;
    private final AtomicInteger created = new AtomicInteger();

    ReaderPool() {
        this(DEFAULT_CAPACITY, DEFAULT_RETIRE_AFTER_BYTES);
    }

    ReaderPool(int capacity, long retireAfterBytes) {
        if (capacity < 1 || retireAfterBytes < 1) {
            throw new IllegalArgumentException("capacity and retireAfterBytes must be positive");
        }
        this.idle = new ArrayBlockingQueue<>(capacity);
        this.retireAfterBytes = retireAfterBytes;
    }

    /** A parser, its reader and how many bytes it has parsed; held by one thread at a time. */
    private static final class Pooled {
        final SAXParser parser;
        final XMLReader reader;
        long parsed;

        Pooled(SAXParser parser) throws SAXException {
            this.parser = parser;
            this.reader = parser.getXMLReader();
        }
    }

    /** Parses {@code body} into {@code handler} with a hardened reader, errors thrown. */
    void parse(byte[] body, ContentHandler handler) throws XmlRpcException, SAXException, IOException {
        Pooled pooled = idle.poll();
        if (pooled == null) {
            pooled = new Pooled(SecureXml.newParser());
            created.incrementAndGet();
        }
        boolean clean = false;
        try {
            pooled.reader.setErrorHandler(SecureXml.RETHROW);
            pooled.reader.setContentHandler(handler);
            pooled.reader.parse(new InputSource(new ByteArrayInputStream(body)));
            clean = true;
        } finally {
            if (clean) {
                giveBack(pooled, body.length);
            }
        }
    }

    private void giveBack(Pooled pooled, int length) {
        pooled.parsed += length;
        if (pooled.parsed >= retireAfterBytes) {
            return;
        }
        try {
            pooled.parser.reset();
        } catch (UnsupportedOperationException e) {
            return; // a parser that cannot be reset is never reused
        }
        if (SecureXml.isHardened(pooled.reader)) {
            idle.offer(pooled);
        }
    }

    /** How many parsers this pool has built. */
    int created() {
        return created.get();
    }
}
