using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// The C# names of the model's symbolic dims. Input dims not pinned at build time become Predict parameters
    /// and fields the Run methods read (<c>_dimBatch</c>); run-time dims become fields their defining call sets
    /// (<c>_rtNonZero3</c>). Dims render as C# int expressions over those fields.
    /// </summary>
    internal sealed class SymbolNames
    {
        public SymbolNames(Graph g)
        {
            var names = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (var v in g.Inputs) foreach (var d in v.Shape!.Dims) foreach (var s in d.Symbols) names.Add(s);
            Symbols = names.ToList();
            var camel = Identifiers.Unique(Symbols.Select(Identifiers.Camel));
            for (int i = 0; i < Symbols.Count; i++)
            {
                Parameter[Symbols[i]] = camel[i];
                Field[Symbols[i]] = "_dim" + Identifiers.Pascal(camel[i]);
            }
            Runtime = g.Symbols.Runtime.Select(s => s.Name).ToList();
            var fields = Identifiers.Unique(Runtime.Select(s => "_rt" + Identifiers.Pascal(s.Substring(DimText.RuntimePrefix.Length))), new HashSet<string>(Field.Values));
            for (int i = 0; i < Runtime.Count; i++) Field[Runtime[i]] = fields[i];
        }

        /// <summary>Input dim names, sorted: the order Predict takes them.</summary>
        public List<string> Symbols { get; }

        /// <summary>Run-time dim names, in definition order.</summary>
        public List<string> Runtime { get; }

        public Dictionary<string, string> Parameter { get; } = new Dictionary<string, string>(System.StringComparer.Ordinal);
        public Dictionary<string, string> Field { get; } = new Dictionary<string, string>(System.StringComparer.Ordinal);

        public string Expression(Dim d) => d.ToCSharp(s => Field[s]);

        /// <summary>The same expression over Predict's parameters (before the fields are set), as a long.</summary>
        public string LongParameterExpression(Dim d) =>
            d.IsStatic ? Literals.Int(d.Value) : d.ToCSharp(s => "(long)" + Parameter[s]);
    }
}
