using System.Globalization;
using System.Net;

namespace PerturbKG.Admin.Pages;

/// <summary>Small pieces of HTML the pages share; every value written into a page goes through <see cref="E"/>.</summary>
internal static class Html
{
    public static string E(object? value) => WebUtility.HtmlEncode(value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    });

    /// <summary>A POST form holding one button (cancel, retry, promote, pause, ...).</summary>
    public static string Button(string action, string label, string? css = null) =>
        $"<form method=\"post\" action=\"{E(action)}\" class=\"inline\"><button type=\"submit\"{(css is null ? "" : $" class=\"{css}\"")}>{E(label)}</button></form>";

    public static string Field(string name, string label, string? value, IReadOnlyDictionary<string, string[]> errors, string type = "text", string? hint = null) =>
        $"<label for=\"{name}\">{E(label)}</label><input id=\"{name}\" name=\"{name}\" type=\"{type}\" value=\"{E(value)}\"{Invalid(name, errors)}>{Hint(hint)}{Errors(name, errors)}";

    public static string Errors(string name, IReadOnlyDictionary<string, string[]> errors) =>
        errors.TryGetValue(name, out var messages)
            ? string.Concat(messages.Select(m => $"<span class=\"field-error\" id=\"{name}-error\">{E(m)}</span>"))
            : "";

    public static string Invalid(string name, IReadOnlyDictionary<string, string[]> errors) =>
        errors.ContainsKey(name) ? $" aria-invalid=\"true\" aria-describedby=\"{name}-error\"" : "";

    public static string Hint(string? hint) => hint is null ? "" : $"<small>{E(hint)}</small>";

    public static string State(PerturbKG.Jobs.Runs.RunState state) =>
        $"<span class=\"state {state.ToString().ToLowerInvariant()}\">{state.ToString().ToLowerInvariant()}</span>";

    public static string Duration(TimeSpan? span) => span is not { } d ? "" :
        d.TotalHours >= 1 ? $"{(int)d.TotalHours} h {d.Minutes} min" : d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes} min {d.Seconds} s" : $"{d.TotalSeconds:F0} s";

    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();
}
