using System.Globalization;
using System.Security;
using System.Text;

namespace FaceMetric.Evaluation;

/// <summary>
/// Renders a ROC curve as a small standalone SVG: false accept rate on a logarithmic x axis (from the smallest
/// non-zero rate the data can show, rounded down to a power of ten, to 1), true accept rate on a linear y axis
/// (0 to 1), the curve as one <c>polyline</c>. Points with a false accept rate of 0 sit on the left edge.
/// </summary>
internal static class RocSvg
{
    private const double Width = 560, Height = 420;
    private const double Left = 64, Right = 20, Top = 36, Bottom = 52;

    public static string Render(IReadOnlyList<RocPoint> roc, int mismatchedPairs, string title)
    {
        int decades = Math.Max(1, (int)Math.Ceiling(Math.Log10(Math.Max(mismatchedPairs, 10))));
        double minExponent = -decades;
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double X(double far) => Left + (plotW * ((far > 0 ? Math.Max(Math.Log10(far), minExponent) : minExponent) - minExponent) / -minExponent);
        double Y(double tar) => Top + (plotH * (1 - tar));

        var svg = new StringBuilder();
        IFormatProvider inv = CultureInfo.InvariantCulture;
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(inv, $"  <title>{SecurityElement.Escape(title)}</title>\n");
        svg.Append(inv, $"  <rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(inv, $"  <text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{SecurityElement.Escape(title)}</text>\n");

        // Grid and ticks: one vertical line per decade, one horizontal line per 0.1 of TAR.
        svg.Append("  <g stroke=\"#ddd\" stroke-width=\"1\">\n");
        for (int e = (int)minExponent; e <= 0; e++)
        {
            double x = X(Math.Pow(10, e));
            svg.Append(inv, $"    <line x1=\"{x:0.##}\" y1=\"{Top}\" x2=\"{x:0.##}\" y2=\"{Top + plotH}\"/>\n");
        }

        for (int t = 0; t <= 10; t++)
        {
            double y = Y(t / 10.0);
            svg.Append(inv, $"    <line x1=\"{Left}\" y1=\"{y:0.##}\" x2=\"{Left + plotW}\" y2=\"{y:0.##}\"/>\n");
        }

        svg.Append("  </g>\n");
        svg.Append(inv, $"  <rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"black\"/>\n");
        for (int e = (int)minExponent; e <= 0; e++)
        {
            double x = X(Math.Pow(10, e));
            string label = e == 0 ? "1" : $"1e{e}";
            svg.Append(inv, $"  <text x=\"{x:0.##}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\">{label}</text>\n");
        }

        for (int t = 0; t <= 10; t += 2)
        {
            double y = Y(t / 10.0);
            svg.Append(inv, $"  <text x=\"{Left - 6}\" y=\"{y + 4:0.##}\" text-anchor=\"end\">{t / 10.0:0.0}</text>\n");
        }

        svg.Append(inv, $"  <text x=\"{Left + (plotW / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">false accept rate (log scale)</text>\n");
        svg.Append(inv, $"  <text x=\"16\" y=\"{Top + (plotH / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Top + (plotH / 2)})\">true accept rate</text>\n");

        svg.Append("  <polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\" points=\"");
        for (int i = 0; i < roc.Count; i++)
        {
            svg.Append(inv, $"{(i > 0 ? " " : "")}{X(roc[i].FalseAcceptRate):0.###},{Y(roc[i].TrueAcceptRate):0.###}");
        }

        svg.Append("\"/>\n</svg>\n");
        return svg.ToString();
    }
}
