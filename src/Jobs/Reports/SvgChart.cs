using System.Globalization;
using System.Net;
using System.Text;

namespace PerturbKG.Jobs.Reports;

/// <summary>Small, dependency-free SVG charts for self-contained reports: box plots, scatter plots, line charts.</summary>
public static class SvgChart
{
    private const int Width = 640;
    private const int Height = 360;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 64;

    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"];

    /// <summary>One box (median, quartiles, 1.5 IQR whiskers) per group, with the mean as a dot.</summary>
    public static string BoxPlot(string title, string yLabel, IReadOnlyList<(string Label, IReadOnlyList<double> Values)> groups)
    {
        var all = groups.SelectMany(g => g.Values).Where(double.IsFinite).ToList();
        var (min, max) = all.Count == 0 ? (0.0, 1.0) : (all.Min(), all.Max());
        var svg = Frame(title, "", yLabel, 0, groups.Count, min, max, xTicks: false);
        var slot = (Width - Left - Right) / (double)Math.Max(1, groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var values = groups[i].Values.Where(double.IsFinite).Order().ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var (q1, median, q3) = (Quantile(values, 0.25), Quantile(values, 0.5), Quantile(values, 0.75));
            var iqr = q3 - q1;
            var low = values.First(v => v >= q1 - (1.5 * iqr));
            var high = values.Last(v => v <= q3 + (1.5 * iqr));
            var x = Left + (slot * (i + 0.5));
            var color = Palette[i % Palette.Length];
            double Y(double v) => Scale(v, min, max, Height - Bottom, Top);
            svg.Line(x, Y(low), x, Y(high), color, 1.5);
            svg.Rect(x - (slot * 0.3), Y(q3), slot * 0.6, Math.Max(1, Y(q1) - Y(q3)), color);
            svg.Line(x - (slot * 0.3), Y(median), x + (slot * 0.3), Y(median), "#000", 2);
            svg.Circle(x, Y(values.Average()), 3.5, "#fff", "#000");
            // Many or long labels are set at an angle so they do not run into each other.
            if (groups.Count > 5 && groups.Max(g => g.Label.Length) > 10)
            {
                svg.Raw($"<text x=\"{F(x)}\" y=\"{F(Height - Bottom + 12)}\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-25 {F(x)} {F(Height - Bottom + 12)})\">{WebUtility.HtmlEncode(groups[i].Label)}</text>");
            }
            else
            {
                svg.Text(x, Height - Bottom + 18, groups[i].Label, "middle", 11);
            }
        }

        return svg.Close();
    }

    /// <summary>Points with the y = x line.</summary>
    public static string Scatter(string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points, string color = "#1f77b4")
    {
        var values = points.SelectMany(p => new[] { p.X, p.Y }).Where(double.IsFinite).ToList();
        var (min, max) = values.Count == 0 ? (-1.0, 1.0) : (values.Min(), values.Max());
        var svg = Frame(title, xLabel, yLabel, min, max, min, max, xTicks: true);
        double X(double v) => Scale(v, min, max, Left, Width - Right);
        double Y(double v) => Scale(v, min, max, Height - Bottom, Top);
        svg.Line(X(min), Y(min), X(max), Y(max), "#999", 1, dashed: true);
        foreach (var (x, y) in points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)))
        {
            svg.Circle(X(x), Y(y), 2, color, null, 0.5);
        }

        return svg.Close();
    }

    /// <summary>One line per series, with a legend.</summary>
    public static string LineChart(string title, string xLabel, string yLabel, IReadOnlyList<(string Label, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToList();
        var (xMin, xMax) = points.Count == 0 ? (0.0, 1.0) : (points.Min(p => p.X), points.Max(p => p.X));
        var (yMin, yMax) = points.Count == 0 ? (0.0, 1.0) : (points.Min(p => p.Y), points.Max(p => p.Y));
        var svg = Frame(title, xLabel, yLabel, xMin, xMax, yMin, yMax, xTicks: true);
        for (var i = 0; i < series.Count; i++)
        {
            var color = Palette[i % Palette.Length];
            var path = string.Join(" ", series[i].Points.Where(p => double.IsFinite(p.Y))
                .Select(p => F(Scale(p.X, xMin, xMax, Left, Width - Right)) + "," + F(Scale(p.Y, yMin, yMax, Height - Bottom, Top))));
            svg.Raw($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" points=\"{path}\"/>");
            svg.Rect(Width - Right - 150, Top + 4 + (i * 16), 10, 10, color);
            svg.Text(Width - Right - 135, Top + 13 + (i * 16), series[i].Label, "start", 11);
        }

        return svg.Close();
    }

    private static SvgWriter Frame(string title, string xLabel, string yLabel, double xMin, double xMax, double yMin, double yMax, bool xTicks)
    {
        var svg = new SvgWriter();
        svg.Text(Width / 2.0, 18, title, "middle", 13, bold: true);
        svg.Line(Left, Height - Bottom, Width - Right, Height - Bottom, "#333", 1);
        svg.Line(Left, Top, Left, Height - Bottom, "#333", 1);
        foreach (var tick in Ticks(yMin, yMax))
        {
            var y = Scale(tick, yMin, yMax, Height - Bottom, Top);
            svg.Line(Left - 4, y, Width - Right, y, "#eee", 1);
            svg.Text(Left - 6, y + 4, Label(tick), "end", 10);
        }

        if (xTicks)
        {
            foreach (var tick in Ticks(xMin, xMax))
            {
                var x = Scale(tick, xMin, xMax, Left, Width - Right);
                svg.Line(x, Height - Bottom, x, Height - Bottom + 4, "#333", 1);
                svg.Text(x, Height - Bottom + 16, Label(tick), "middle", 10);
            }
        }

        svg.Text((Left + Width - Right) / 2.0, Height - 8, xLabel, "middle", 11);
        svg.Raw($"<text x=\"14\" y=\"{F((Top + Height - Bottom) / 2.0)}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 14 {F((Top + Height - Bottom) / 2.0)})\">{WebUtility.HtmlEncode(yLabel)}</text>");
        return svg;
    }

    private static double Scale(double v, double min, double max, double from, double to) =>
        max - min < 1e-12 ? (from + to) / 2 : from + ((v - min) / (max - min) * (to - from));

    private static IEnumerable<double> Ticks(double min, double max)
    {
        if (max - min < 1e-12)
        {
            yield return min;
            yield break;
        }

        var step = Math.Pow(10, Math.Floor(Math.Log10((max - min) / 4)));
        step *= (max - min) / step > 20 ? 5 : (max - min) / step > 10 ? 2 : 1;
        for (var t = Math.Ceiling(min / step) * step; t <= max + 1e-9; t += step)
        {
            yield return t;
        }
    }

    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(sorted.Count - 1, low + 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static string Label(double v) => Math.Abs(v) >= 1000 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    internal static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed class SvgWriter
    {
        private readonly StringBuilder _svg = new($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\">");

        public void Line(double x1, double y1, double x2, double y2, string color, double width, bool dashed = false) =>
            _svg.Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{color}\" stroke-width=\"{F(width)}\"{(dashed ? " stroke-dasharray=\"4 3\"" : string.Empty)}/>");

        public void Rect(double x, double y, double w, double h, string color) =>
            _svg.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{F(h)}\" fill=\"{color}\" fill-opacity=\"0.35\" stroke=\"{color}\"/>");

        public void Circle(double x, double y, double r, string fill, string? stroke, double opacity = 1) =>
            _svg.Append($"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{F(r)}\" fill=\"{fill}\" fill-opacity=\"{F(opacity)}\"{(stroke is null ? string.Empty : $" stroke=\"{stroke}\"")}/>");

        public void Text(double x, double y, string text, string anchor, int size, bool bold = false) =>
            _svg.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\"{(bold ? " font-weight=\"bold\"" : string.Empty)}>{WebUtility.HtmlEncode(text)}</text>");

        public void Raw(string element) => _svg.Append(element);

        public string Close() => _svg.Append("</svg>").ToString();
    }
}
