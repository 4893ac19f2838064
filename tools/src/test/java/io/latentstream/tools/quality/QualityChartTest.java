package io.latentstream.tools.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.schema.StreamQuality;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class QualityChartTest {
    private static StreamQuality window(long start, double kbps, Double target, long keyFrames, double p5) {
        return StreamQuality.newBuilder().setCameraId("gate<7>").setWindowStartMillis(start).setWindowEndMillis(start + 10_000)
                .setFrames(100).setDroppedFrames(0).setMeanPsnr(31).setP5Psnr(p5).setMeanBpp(0.01).setKbitPerSecond(kbps)
                .setKeyFrames(keyFrames).setFps(10).setTargetKbitPerSecond(target).build();
    }

    @Test
    void kbpsTargetAndPsnrLinesWithKeyFramesMarkedInValidSvg() throws Exception {
        String svg = QualityChart.svg("gate<7>", List.of(window(20_000, 26, 25.0, 0, 30),
                window(0, 40, 25.0, 1, 29), window(10_000, 25, 25.0, 0, Double.NaN)));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        // kbit/s, target, mean PSNR, 5th percentile (whose NaN window is left out).
        assertEquals(4, doc.getElementsByTagName("polyline").getLength());
        String p5 = doc.getElementsByTagName("polyline").item(3).getAttributes().getNamedItem("points").getNodeValue();
        assertEquals(2, p5.split(" ").length, p5);
        assertEquals(1, doc.getElementsByTagName("path").getLength(), "one window with a key frame");
        assertTrue(svg.contains("gate&lt;7&gt;"));
    }
}
