using System.Security.Cryptography;

namespace Emulator.DevOps.Lfs;

/// <summary>
/// Git LFS objects of one repository, kept beside its bare repository the way git-lfs lays them out
/// locally ({repo}.git/lfs/objects/aa/bb/{oid}). An upload is stored only when its bytes hash to the oid.
/// </summary>
internal sealed class LfsObjectStore(string bareRepository)
{
    public static bool IsValidOid(string oid) =>
        oid.Length == 64 && oid.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public string PathOf(string oid) => Path.Combine(bareRepository, "lfs", "objects", oid[..2], oid[2..4], oid);

    public long? SizeOf(string oid) => File.Exists(PathOf(oid)) ? new FileInfo(PathOf(oid)).Length : null;

    /// <summary>Streams the body into a temporary file; keeps it only when SHA-256 and size match.</summary>
    public async Task<bool> StoreAsync(string oid, long? expectedSize, Stream body, CancellationToken cancellationToken)
    {
        var target = PathOf(oid);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            long size;
            byte[] hash;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                size = file.Length;
                hash = sha.GetHashAndReset();
            }

            if (!string.Equals(Convert.ToHexStringLower(hash), oid, StringComparison.Ordinal) || (expectedSize is { } expected && expected != size))
            {
                return false;
            }

            File.Move(temp, target, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
