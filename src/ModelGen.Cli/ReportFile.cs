using System;
using System.IO;

namespace ModelGen.Cli
{
    /// <summary>Writes a report a command was asked for (--report, --markdown), creating its folder; an IO failure is a CLI failure that names the file.</summary>
    internal static class ReportFile
    {
        public static void Write(string path, string text)
        {
            try
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
                if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                File.WriteAllText(path, text);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliFailureException("cannot write '" + path + "': " + e.Message);
            }
        }
    }
}
