using System;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Reading
{
    /// <summary>What a tensor's external_data entries (location, offset, length) point at, once checked.</summary>
    internal enum ExternalDataStatus
    {
        /// <summary>The reference is well formed and stays inside the model's folder; the file holds the bytes.</summary>
        Valid,
        /// <summary>The location is fine but no such file is in the model's folder (or the model has no folder).</summary>
        Missing,
        /// <summary>The reference is hostile or inconsistent: outside the folder, a link, or bytes outside the file.</summary>
        Refused,
    }

    /// <summary>
    /// Checks a TensorProto's external-data reference before anything is opened: the location must be relative,
    /// without '..', and resolve inside the model's folder through no symbolic link; offset and length must be
    /// non-negative integers inside the file, and the length the tensor's byte size. ONNX's own checker refuses
    /// absolute and '..' locations the same way (docs/ExternalData.md); links are refused whatever they point at,
    /// because netstandard2.0 cannot resolve them and a link that leaves the folder is the escape to stop.
    /// Only the file's length is read, never its bytes.
    /// </summary>
    internal static class ExternalDataReference
    {
        public static ExternalDataStatus Check(TensorProto t, string? modelPath, out string reason)
        {
            try
            {
                return CheckPath(t, modelPath, out reason);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is IOException || e is UnauthorizedAccessException)
            {
                // Characters this file system does not allow, a path too long, a folder we may not list: nothing to read there.
                reason = "names a location that cannot be resolved here (" + e.GetType().Name + ": " + e.Message + ")";
                return ExternalDataStatus.Refused;
            }
        }

        private static ExternalDataStatus CheckPath(TensorProto t, string? modelPath, out string reason)
        {
            string? location = Entry(t, "location");
            if (string.IsNullOrEmpty(location)) { reason = "has no 'location' entry"; return ExternalDataStatus.Refused; }
            string quoted = "'" + location + "'";
            if (IsAbsolute(location!)) { reason = "names the absolute path " + quoted + "; a location must be relative to the model's folder"; return ExternalDataStatus.Refused; }
            var parts = location!.Split('/', '\\');
            if (parts.Any(p => p == "..")) { reason = "names " + quoted + ", which leaves the model's folder through '..'"; return ExternalDataStatus.Refused; }
            if (location.IndexOf('\0') >= 0) { reason = "names a path with a NUL character"; return ExternalDataStatus.Refused; }

            if (!TryNonNegative(t, "offset", out long offset, out reason)) return ExternalDataStatus.Refused;
            bool hasLength = Entry(t, "length") != null;
            if (!TryNonNegative(t, "length", out long length, out reason)) return ExternalDataStatus.Refused;
            long? expected = ByteSize(t);
            if (expected == null) { reason = "has dims whose byte size does not fit in a long"; return ExternalDataStatus.Refused; }
            if (hasLength && length != expected) { reason = "says 'length' " + length + " but the tensor's dims and type need " + expected + " bytes"; return ExternalDataStatus.Refused; }

            string? dir = modelPath != null ? Path.GetDirectoryName(Path.GetFullPath(modelPath)) : null;
            if (dir == null) { reason = "external file " + quoted + " cannot be looked up: the model was compiled from bytes, without its folder"; return ExternalDataStatus.Missing; }
            string full = Path.GetFullPath(Path.Combine(dir, location));
            string root = dir.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? dir : dir + Path.DirectorySeparatorChar;
            if (!full.StartsWith(root, StringComparison.Ordinal)) { reason = "names " + quoted + ", which resolves to '" + full + "' outside the model's folder '" + dir + "'"; return ExternalDataStatus.Refused; }
            string? link = FirstLink(root, full);
            if (link != null) { reason = "names " + quoted + ", which goes through the symbolic link '" + link + "'; links are refused because they can lead outside the model's folder"; return ExternalDataStatus.Refused; }
            if (!File.Exists(full)) { reason = "keeps its data in external file " + quoted + ", which was not found in '" + dir + "'"; return ExternalDataStatus.Missing; }
            long fileLength = new FileInfo(full).Length;
            if (offset > fileLength || expected > fileLength - offset)
            {
                reason = "reads bytes " + offset + ".." + (offset + expected) + " of " + quoted + ", which has only " + fileLength + " bytes";
                return ExternalDataStatus.Refused;
            }
            reason = "keeps its data in external file " + quoted;
            return ExternalDataStatus.Valid;
        }

        private static string? Entry(TensorProto t, string key) => t.ExternalData.LastOrDefault(e => e.Key == key)?.Value;

        /// <summary>Rooted on any platform: '/x', '\x', 'C:...', '\\server\share'; the model may come from another OS.</summary>
        private static bool IsAbsolute(string location) =>
            Path.IsPathRooted(location) || location[0] == '/' || location[0] == '\\' || (location.Length >= 2 && location[1] == ':');

        private static bool TryNonNegative(TensorProto t, string key, out long value, out string reason)
        {
            value = 0;
            reason = "";
            string? text = Entry(t, key);
            if (text == null) return true;
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                reason = "has '" + key + "' = '" + text + "', which is not a non-negative integer";
                return false;
            }
            return true;
        }

        /// <summary>Bytes the tensor's dims and type take in the file (4- and 2-bit types packed), or null on overflow.</summary>
        private static long? ByteSize(TensorProto t)
        {
            var type = (ElementType)t.DataType;
            if (t.Dims.Any(d => d < 0)) return null;
            long? count = TensorDecoder.ElementCount(t.Dims);
            if (count == null) return null;
            int bits = ElementTypes.PackedBits(type);
            if (bits < 8) return (count.Value / 8 * bits) + (count.Value % 8 * bits + 7) / 8;
            int size = ElementTypes.SizeOf(type);
            return size == 0 || count.Value <= long.MaxValue / size ? count.Value * size : (long?)null;
        }

        /// <summary>The first existing component from <paramref name="root"/> down to <paramref name="full"/> that is a link, or null.</summary>
        private static string? FirstLink(string root, string full)
        {
            string path = root.TrimEnd(Path.DirectorySeparatorChar);
            foreach (var part in full.Substring(root.Length).Split(Path.DirectorySeparatorChar))
            {
                if (part.Length == 0) continue;
                path = Path.Combine(path, part);
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    // A dangling link reports neither; its attributes still say what it is.
                    try { if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0) return path; }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                    return null;
                }
                if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0) return path;
            }
            return null;
        }
    }
}
