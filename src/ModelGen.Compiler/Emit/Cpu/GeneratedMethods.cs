using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// The private static methods a writer generates into the model class (fused loops, fused reductions): written out
    /// in the order their calls were rendered, each named after its node, a valid identifier unique among them.
    /// </summary>
    internal sealed class GeneratedMethods
    {
        private readonly List<string> _methods = new List<string>();
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);

        public int Count => _methods.Count;

        public void Add(string method) => _methods.Add(method);

        /// <summary>Writes the methods, in the order they were added, a blank line after each.</summary>
        public void Write(CodeWriter w)
        {
            foreach (var m in _methods)
            {
                foreach (var line in m.TrimEnd('\n').Split('\n')) w.Line(line.TrimStart().Length == 0 ? "" : line);
                w.Line();
            }
        }

        /// <summary><paramref name="stem"/>, or stem_2, stem_3... when a method of that name exists already.</summary>
        public string Unique(string stem)
        {
            string name = stem;
            for (int k = 2; !_names.Add(name); k++) name = stem + "_" + k.ToString(CultureInfo.InvariantCulture);
            return name;
        }

        /// <summary>A node's name with every character that may not be in a C# identifier replaced by '_'.</summary>
        public static string Identifier(string nodeName)
        {
            var sb = new StringBuilder();
            foreach (char c in nodeName) sb.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '_') ? c : '_');
            return sb.ToString();
        }
    }

    /// <summary>The dims a generated method needs at run time, each an int parameter (d0, d1...) in order of first use.</summary>
    internal sealed class DimParameters
    {
        private readonly List<Dim> _dims = new List<Dim>();

        public IReadOnlyList<Dim> Dims => _dims;

        public IEnumerable<string> Names => _dims.Select((_, k) => "d" + k.ToString(CultureInfo.InvariantCulture));

        /// <summary>A literal for a static dim; the parameter that carries it otherwise.</summary>
        public string Of(Dim d)
        {
            if (d.IsStatic) return d.Value.ToString(CultureInfo.InvariantCulture);
            int k = _dims.IndexOf(d);
            if (k < 0)
            {
                _dims.Add(d);
                k = _dims.Count - 1;
            }
            return "d" + k.ToString(CultureInfo.InvariantCulture);
        }
    }
}
