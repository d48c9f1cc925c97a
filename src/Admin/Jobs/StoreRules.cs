using FluentValidation;
using PerturbKG.Store;

namespace PerturbKG.Admin.Jobs;

/// <summary>The store field of background requests: a valid location, and for work that reads it, one that exists.</summary>
internal static class StoreRules
{
    public static IRuleBuilderOptions<T, string> MustBeStore<T>(this IRuleBuilder<T, string> rule, bool mustExist) =>
        rule.Must(value => Check(value, mustExist) is null)
            .WithMessage((_, value) => Check(value, mustExist))
            .OverridePropertyName("store");

    private static string? Check(string? value, bool mustExist)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "store is required (sqlite:PATH or bolt://HOST:7687).";
        }

        try
        {
            var location = StoreLocation.Parse(value);
            return mustExist && location.Kind == StoreKind.Sqlite && !File.Exists(location.Target)
                ? $"store file not found: {location.Target} (ingest into it first)."
                : null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }
}
