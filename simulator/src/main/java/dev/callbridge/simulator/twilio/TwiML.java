package dev.callbridge.simulator.twilio;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What Twilio reads from a voice webhook's answer: the {@code <Connect><Stream>} URL and its parameters. */
public record TwiML(URI streamUrl, Map<String, String> parameters) {
    public TwiML {
        parameters = Map.copyOf(parameters);
    }

    /** Parses TwiML; throws {@link IllegalArgumentException} when it holds no {@code <Connect><Stream>}. */
    public static TwiML parse(String xml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            NodeList streams = doc.getElementsByTagName("Stream");
            if (streams.getLength() != 1 || !"Connect".equals(streams.item(0).getParentNode().getNodeName())) {
                throw new IllegalArgumentException("no <Connect><Stream> in TwiML: " + xml);
            }
            Element stream = (Element) streams.item(0);
            Map<String, String> params = new LinkedHashMap<>();
            NodeList ps = stream.getElementsByTagName("Parameter");
            for (int i = 0; i < ps.getLength(); i++) {
                Element p = (Element) ps.item(i);
                params.put(p.getAttribute("name"), p.getAttribute("value"));
            }
            return new TwiML(URI.create(stream.getAttribute("url")), params);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable TwiML: " + e.getMessage(), e);
        }
    }
}
