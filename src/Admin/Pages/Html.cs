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

    /// <summary>
    /// One form row: label, input, hint and messages in their own grid (so a row without a hint never shifts the next).
    /// A field named drug, cell or gene suggests the store's names as one types (GET /api/names).
    /// </summary>
    public static string Field(string name, string label, string? value, IReadOnlyDictionary<string, string[]> errors, string type = "text", string? hint = null)
    {
        var suggest = name is "drug" or "cell" or "gene";
        var list = suggest ? $" list=\"{name}-names\" data-suggest=\"{name}\" autocomplete=\"off\"" : "";
        var datalist = suggest ? $"<datalist id=\"{name}-names\"></datalist>" : "";
        return Row($"<label for=\"{name}\">{E(label)}</label><input id=\"{name}\" name=\"{name}\" type=\"{type}\" value=\"{E(value)}\"{list}{Invalid(name, errors)}>{datalist}", name, hint, errors);
    }

    /// <summary>A form row around a label and control written by the caller.</summary>
    public static string Row(string labelAndControl, string name, string? hint, IReadOnlyDictionary<string, string[]> errors) =>
        $"<div class=\"field\">{labelAndControl}{Hint(hint)}{Errors(name, errors)}</div>";

    /// <summary>A row of checkboxes under one label (the label names the group, each box has its own).</summary>
    public static string Choices(string name, string label, IEnumerable<string> values, IReadOnlySet<string> chosen, IReadOnlyDictionary<string, string[]> errors, string? hint = null)
    {
        var boxes = string.Concat(values.Select(v =>
            $"<label class=\"check\"><input type=\"checkbox\" name=\"{name}\" value=\"{E(v)}\"{(chosen.Contains(v) ? " checked" : "")}> {E(v)}</label>"));
        return Row($"<span class=\"label\" id=\"{name}-label\">{E(label)}</span><div class=\"choices\" role=\"group\" aria-labelledby=\"{name}-label\"{Invalid(name, errors)}>{boxes}</div>", name, hint, errors);
    }

    /// <summary>A fieldset: related rows under a legend.</summary>
    public static string Group(string legend, params string[] rows) => $"<fieldset><legend>{E(legend)}</legend>{string.Concat(rows)}</fieldset>";

    /// <summary>The submit row, aligned with the inputs.</summary>
    public static string Submit(string label, string? id = null) =>
        $"<div class=\"actions\"><button type=\"submit\"{(id is null ? "" : $" id=\"{id}\"")}>{E(label)}</button></div>";

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

    /// <summary>A link to a page with query parameters (values escaped; empty ones left out).</summary>
    public static string Link(string path, string text, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}");
        return $"<a href=\"{E(path + "?" + string.Join('&', parts))}\">{E(text)}</a>";
    }

    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();
}
