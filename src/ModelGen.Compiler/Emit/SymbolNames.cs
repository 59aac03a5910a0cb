using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// The model's run-time symbolic dims (those not pinned at build time): each becomes a Predict
    /// parameter and a field the Run methods read. Dims render as C# int expressions over those fields.
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
                Field[Symbols[i]] = "_dim" + Identifiers.Pascal(camel[i]) ;
            }
        }

        /// <summary>ONNX dim names, sorted.</summary>
        public List<string> Symbols { get; }
        public Dictionary<string, string> Parameter { get; } = new Dictionary<string, string>(System.StringComparer.Ordinal);
        public Dictionary<string, string> Field { get; } = new Dictionary<string, string>(System.StringComparer.Ordinal);

        public string Expression(Dim d) => d.ToCSharp(s => Field[s]);

        /// <summary>The same expression over Predict's parameters (before the fields are set).</summary>
        public string ParameterExpression(Dim d) => d.ToCSharp(s => Parameter[s]);
    }
}
