using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Compiler.Emit
{
    /// <summary>Turns ONNX names into C# identifiers: "Input3" → "input3", "dense_2:0" → "dense20", "batch_size" → "batchSize".</summary>
    public static class Identifiers
    {
        private static readonly HashSet<string> s_keywords = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "abstract","as","base","bool","break","byte","case","catch","char","checked","class","const","continue","decimal","default",
            "delegate","do","double","else","enum","event","explicit","extern","false","finally","fixed","float","for","foreach","goto",
            "if","implicit","in","int","interface","internal","is","lock","long","namespace","new","null","object","operator","out",
            "override","params","private","protected","public","readonly","ref","return","sbyte","sealed","short","sizeof","stackalloc",
            "static","string","struct","switch","this","throw","true","try","typeof","uint","ulong","unchecked","unsafe","ushort","using",
            "virtual","void","volatile","while",
        };

        /// <summary>PascalCase from any name: words split at non-alphanumerics keep their inner case ("mnist" → "Mnist", "version-RFB-320" → "VersionRFB320").</summary>
        public static string Pascal(string name)
        {
            var words = SplitWords(name);
            var sb = new StringBuilder();
            foreach (var w in words) sb.Append(char.ToUpperInvariant(w[0])).Append(w.Substring(1));
            return Finish(sb.ToString(), "Model");
        }

        /// <summary>camelCase for parameters: the first word lower-cased.</summary>
        public static string Camel(string name)
        {
            var words = SplitWords(name);
            var sb = new StringBuilder();
            for (int i = 0; i < words.Count; i++)
            {
                var w = words[i];
                if (i == 0) sb.Append(LowerFirstRun(w));
                else sb.Append(char.ToUpperInvariant(w[0])).Append(w.Substring(1));
            }
            var id = Finish(sb.ToString(), "value");
            return s_keywords.Contains(id) ? "@" + id : id;
        }

        /// <summary>True when <paramref name="name"/> is a valid simple C# identifier (not a keyword).</summary>
        public static bool IsValid(string name) =>
            name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_') && !s_keywords.Contains(name);

        /// <summary>Makes names unique within one scope by appending 2, 3... in order of appearance.</summary>
        public static List<string> Unique(IEnumerable<string> names, ISet<string>? reserved = null)
        {
            var used = new HashSet<string>(reserved ?? new HashSet<string>(), System.StringComparer.Ordinal);
            var result = new List<string>();
            foreach (var n in names)
            {
                string candidate = n;
                for (int k = 2; !used.Add(candidate); k++) candidate = n + k.ToString(CultureInfo.InvariantCulture);
                result.Add(candidate);
            }
            return result;
        }

        private static List<string> SplitWords(string name)
        {
            var words = new List<string>();
            var current = new StringBuilder();
            foreach (char c in name)
            {
                if (char.IsLetterOrDigit(c) && c < 128) current.Append(c);
                else if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
            }
            if (current.Length > 0) words.Add(current.ToString());
            return words;
        }

        private static string LowerFirstRun(string w)
        {
            // "XMLInput" → "xmlInput", "Input3" → "input3", "RFB" → "rfb".
            int upper = 0;
            while (upper < w.Length && char.IsUpper(w[upper])) upper++;
            if (upper <= 1) return char.ToLowerInvariant(w[0]) + w.Substring(1);
            if (upper == w.Length) return w.ToLowerInvariant();
            return w.Substring(0, upper - 1).ToLowerInvariant() + w.Substring(upper - 1);
        }

        private static string Finish(string id, string fallback)
        {
            if (id.Length == 0) return fallback;
            if (char.IsDigit(id[0])) id = "_" + id;
            return id;
        }
    }
}
