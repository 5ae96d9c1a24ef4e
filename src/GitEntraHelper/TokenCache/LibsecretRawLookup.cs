using System.Runtime.InteropServices;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// Reads a Secret Service entry's value as stored, without MSAL.Extensions' base64 decoding, so an
/// entry that is not base64 can be set aside instead of lost. Only used on that rare path (Linux).
/// Same libsecret calls and schema flags as MSAL.Extensions' LinuxKeyringAccessor.
/// </summary>
internal static class LibsecretRawLookup
{
    private const string Library = "libsecret-1.so.0";
    private const int DontMatchName = 1 << 1;
    private const int StringAttribute = 0;

    /// <summary>The stored text, or null when there is none or it cannot be read.</summary>
    public static string? Lookup(string schemaName, string key1, string value1, string key2, string value2)
    {
        IntPtr schema = secret_schema_new(schemaName, DontMatchName, key1, StringAttribute, key2, StringAttribute, IntPtr.Zero);
        if (schema == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            IntPtr password = secret_password_lookup_sync(schema, IntPtr.Zero, out IntPtr error, key1, value1, key2, value2, IntPtr.Zero);
            if (error != IntPtr.Zero)
            {
                g_error_free(error);
            }

            if (password == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8(password);
            }
            finally
            {
                secret_password_free(password); // wipes the memory before freeing it
            }
        }
        finally
        {
            secret_schema_unref(schema);
        }
    }

    [DllImport(Library)]
    private static extern IntPtr secret_schema_new(string name, int flags, string attribute1, int type1, string attribute2, int type2, IntPtr end);

    [DllImport(Library)]
    private static extern IntPtr secret_password_lookup_sync(
        IntPtr schema, IntPtr cancellable, out IntPtr error, string key1, string value1, string key2, string value2, IntPtr end);

    [DllImport(Library)]
    private static extern void secret_password_free(IntPtr password);

    [DllImport(Library)]
    private static extern void secret_schema_unref(IntPtr schema);

    [DllImport("libglib-2.0.so.0")]
    private static extern void g_error_free(IntPtr error);
}
