using System.Collections.Generic;

namespace ModelGen.Compiler.Ir
{
    /// <summary>A dim defined while the model runs: a NonZero count, the dims a Reshape reads from a tensor, a Loop's trip count.</summary>
    public sealed class RuntimeSymbol
    {
        public RuntimeSymbol(string name, Node producer, Dim? upperBound)
        {
            Name = name;
            Producer = producer;
            UpperBound = upperBound;
        }

        /// <summary>"$NonZero_3".</summary>
        public string Name { get; }

        /// <summary>The node that sets the symbol when it runs.</summary>
        public Node Producer { get; }

        /// <summary>A bound in terms of input dims (NonZero: the input's element count), or null when only run time knows.</summary>
        public Dim? UpperBound { get; }

        public Dim Dim => Dim.Symbol(Name);
    }

    /// <summary>The run-time symbols of a model, shared by all its scopes, in definition order.</summary>
    public sealed class SymbolTable
    {
        private readonly Dictionary<string, RuntimeSymbol> _runtime = new Dictionary<string, RuntimeSymbol>(System.StringComparer.Ordinal);
        private readonly List<RuntimeSymbol> _ordered = new List<RuntimeSymbol>();

        public IReadOnlyList<RuntimeSymbol> Runtime => _ordered;

        public RuntimeSymbol? Find(string name) => _runtime.TryGetValue(name, out var s) ? s : null;

        /// <summary>
        /// A new run-time symbol named after <paramref name="producer"/> ("$Reshape_5", "$Reshape_5_1"...).
        /// Inference may run more than once on a node: asking again for the same producer and index returns the same symbol.
        /// </summary>
        public RuntimeSymbol Define(Node producer, int index, Dim? upperBound)
        {
            string stem = DimText.RuntimePrefix + DimText.SanitizeSymbol(producer.Name).TrimStart('_');
            if (stem == DimText.RuntimePrefix) stem += "rt";
            string name = index == 0 ? stem : stem + "_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_runtime.TryGetValue(name, out var existing))
            {
                if (existing.Producer == producer) return existing;
                var c = System.Globalization.CultureInfo.InvariantCulture;
                for (int k = 2; _runtime.ContainsKey(name); k++) name = stem + "_" + index.ToString(c) + "_" + k.ToString(c);
            }
            var s = new RuntimeSymbol(name, producer, upperBound);
            _runtime[name] = s;
            _ordered.Add(s);
            return s;
        }
    }
}
