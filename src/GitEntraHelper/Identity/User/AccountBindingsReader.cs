using System.Text.Json;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Reads accounts.json with <see cref="Utf8JsonReader"/> instead of JsonSerializer: this runs on every
/// get, and building the serializer's metadata for the binding record costs more than the whole
/// read (≈ 1 ms of a cached get's CPU). Same format as <see cref="AccountBindingJsonContext"/> writes
/// (camelCase names, absent = default); unknown properties are skipped; malformed input throws
/// <see cref="JsonException"/> like the serializer did — invalid UTF-8 or a lone surrogate in a string
/// too, which Utf8JsonReader reports as InvalidOperationException (found by fuzz/ account-bindings).
/// </summary>
internal static class AccountBindingsReader
{
    public static List<AccountBinding> Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return ReadDocument(json);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException($"a string is not valid text: {e.Message}", e);
        }
    }

    private static List<AccountBinding> ReadDocument(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var bindings = new List<AccountBinding>();
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("organizations"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (Next(ref reader) == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("'organizations' is not an array");
            }

            while (Next(ref reader) == JsonTokenType.StartObject)
            {
                bindings.Add(ReadBinding(ref reader));
            }
        }

        return bindings;
    }

    private static AccountBinding ReadBinding(ref Utf8JsonReader reader)
    {
        var binding = new AccountBinding(string.Empty, null);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("organization"u8))
                binding = binding with { Organization = String(ref reader) ?? string.Empty };
            else if (reader.ValueTextEquals("username"u8))
                binding = binding with { Username = String(ref reader) };
            else if (reader.ValueTextEquals("homeAccountId"u8))
                binding = binding with { HomeAccountId = String(ref reader) };
            else if (reader.ValueTextEquals("tenantId"u8))
                binding = binding with { TenantId = String(ref reader) };
            else if (reader.ValueTextEquals("implicit"u8))
                binding = binding with { Implicit = Boolean(ref reader) };
            else if (reader.ValueTextEquals("viaBroker"u8))
                binding = binding with { ViaBroker = Boolean(ref reader) };
            else if (reader.ValueTextEquals("rejectedToken"u8))
                binding = binding with { RejectedToken = String(ref reader) };
            else if (reader.ValueTextEquals("pendingClaims"u8))
                binding = binding with { PendingClaims = String(ref reader) };
            else if (reader.ValueTextEquals("refusedUsername"u8))
                binding = binding with { RefusedUsername = String(ref reader) };
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("an account binding is not a JSON object");
        }

        return binding;
    }

    private static string? String(ref Utf8JsonReader reader) => Next(ref reader) switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException("expected a string"),
    };

    private static bool Boolean(ref Utf8JsonReader reader) => Next(ref reader) switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new JsonException("expected true or false"),
    };

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("unexpected end of the file");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException($"expected {type}");
        }
    }
}
