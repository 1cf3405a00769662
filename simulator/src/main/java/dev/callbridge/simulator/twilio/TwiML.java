package dev.callbridge.simulator.twilio;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What Twilio reads from a voice webhook's answer: the {@code <Connect>} noun ({@code Stream} for Media Streams,
 * {@code ConversationRelay} for text calls), its socket URL and its {@code <Parameter>}s.
 */
public record TwiML(String noun, URI url, Map<String, String> parameters) {
    public static final String STREAM = "Stream";
    public static final String CONVERSATION_RELAY = "ConversationRelay";

    public TwiML {
        parameters = Map.copyOf(parameters);
    }

    /** The Media Stream URL; throws when the TwiML connects to something else. */
    public URI streamUrl() {
        return urlOf(STREAM);
    }

    /** The ConversationRelay URL; throws when the TwiML connects to something else. */
    public URI relayUrl() {
        return urlOf(CONVERSATION_RELAY);
    }

    private URI urlOf(String expected) {
        if (!noun.equals(expected)) {
            throw new IllegalArgumentException("the TwiML connects to <" + noun + ">, not <" + expected + ">");
        }
        return url;
    }

    /** Parses TwiML; throws {@link IllegalArgumentException} when it holds no {@code <Connect>} with one socket noun. */
    public static TwiML parse(String xml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            NodeList connects = doc.getElementsByTagName("Connect");
            if (connects.getLength() != 1) {
                throw new IllegalArgumentException("no <Connect> in TwiML: " + xml);
            }
            Element target = null;
            for (Node n = connects.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && (e.getTagName().equals(STREAM) || e.getTagName().equals(CONVERSATION_RELAY))) {
                    if (target != null) {
                        throw new IllegalArgumentException("more than one socket in <Connect>: " + xml);
                    }
                    target = e;
                }
            }
            if (target == null) {
                throw new IllegalArgumentException("no <Stream> or <ConversationRelay> in <Connect>: " + xml);
            }
            Map<String, String> params = new LinkedHashMap<>();
            NodeList ps = target.getElementsByTagName("Parameter");
            for (int i = 0; i < ps.getLength(); i++) {
                Element p = (Element) ps.item(i);
                params.put(p.getAttribute("name"), p.getAttribute("value"));
            }
            return new TwiML(target.getTagName(), URI.create(target.getAttribute("url")), params);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable TwiML: " + e.getMessage(), e);
        }
    }
}
