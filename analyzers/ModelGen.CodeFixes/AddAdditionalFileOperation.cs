using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;

namespace ModelGen.CodeFixes
{
    /// <summary>
    /// Adds <c>&lt;ItemGroup&gt;&lt;AdditionalFiles Include="x.onnx" /&gt;&lt;/ItemGroup&gt;</c> before the last
    /// <c>&lt;/Project&gt;</c> of a project file on disk, leaving the rest of the file byte for byte as it was (its line
    /// endings and encoding too). A workspace has no API for project items other than documents, and a document would be
    /// text; the IDE reloads the project when its file changes. Does nothing when the file is missing, has no
    /// <c>&lt;/Project&gt;</c>, or already has an AdditionalFiles item for that path.
    /// </summary>
    public sealed class AddAdditionalFileOperation : CodeActionOperation
    {
        public AddAdditionalFileOperation(string projectPath, string include)
        {
            ProjectPath = projectPath;
            Include = include;
        }

        /// <summary>The .csproj to edit.</summary>
        public string ProjectPath { get; }

        /// <summary>The Include of the new item, as the [OnnxModel] attribute names it.</summary>
        public string Include { get; }

        public override string Title => "Add '" + Include + "' to " + Path.GetFileName(ProjectPath) + " as an AdditionalFile";

        public override void Apply(Workspace workspace, CancellationToken cancellationToken)
        {
#pragma warning disable RS1035 // File IO: the edit is to the project file itself, which no workspace API changes.
            if (!File.Exists(ProjectPath)) return;
            byte[] bytes = File.ReadAllBytes(ProjectPath);
            var encoding = DetectEncoding(bytes, out int preamble);
            string text = encoding.GetString(bytes, preamble, bytes.Length - preamble);
            string? edited = Edit(text, Include);
            if (edited == null) return;
            var output = new MemoryStream();
            output.Write(bytes, 0, preamble);
            byte[] body = encoding.GetBytes(edited);
            output.Write(body, 0, body.Length);
            File.WriteAllBytes(ProjectPath, output.ToArray());
#pragma warning restore RS1035
        }

        /// <summary>The project text with the item added, or null to leave it alone (no &lt;/Project&gt;, or the item is there).</summary>
        public static string? Edit(string project, string include)
        {
            int end = project.LastIndexOf("</Project>", StringComparison.Ordinal);
            if (end < 0) return null;
            string normalized = include.Replace('\\', '/');
            foreach (Match m in Regex.Matches(project, "<AdditionalFiles\\s[^>]*Include\\s*=\\s*\"([^\"]*)\"", RegexOptions.IgnoreCase))
                if (string.Equals(m.Groups[1].Value.Replace('\\', '/'), normalized, StringComparison.OrdinalIgnoreCase)) return null;
            string newline = project.Contains("\r\n") ? "\r\n" : "\n";
            string escaped = include.Replace("&", "&amp;").Replace("\"", "&quot;").Replace("<", "&lt;");
            // The closing tag's own line stays as it was; the group goes on the lines before it, indented as a child.
            int lineStart = project.LastIndexOf('\n', Math.Max(end - 1, 0)) + 1;
            bool tagStartsLine = project.Substring(lineStart, end - lineStart).Trim().Length == 0;
            int at = tagStartsLine ? lineStart : end;
            string group = (tagStartsLine ? "" : newline) + "  <ItemGroup>" + newline + "    <AdditionalFiles Include=\"" + escaped + "\" />" + newline + "  </ItemGroup>" + newline;
            return project.Substring(0, at) + group + project.Substring(at);
        }

        private static Encoding DetectEncoding(byte[] bytes, out int preamble)
        {
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) { preamble = 3; return new UTF8Encoding(false); }
            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) { preamble = 2; return new UnicodeEncoding(false, false); }
            preamble = 0;
            return new UTF8Encoding(false);
        }
    }
}
