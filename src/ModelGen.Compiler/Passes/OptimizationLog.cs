using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// What the passes did, for <c>modelgen inspect --json</c> and the optimizer report: each pass's number of
    /// rewrites summed over the rounds (every pass that ran is listed, in pipeline order, 0 included), and the fusions
    /// by kind ("elementwise", "conv+relu", "layernorm"...).
    /// </summary>
    internal sealed class OptimizationLog
    {
        private readonly List<string> _order = new List<string>();
        private readonly Dictionary<string, int> _changes = new Dictionary<string, int>(System.StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _fusions = new SortedDictionary<string, int>(System.StringComparer.Ordinal);

        /// <summary>Adds <paramref name="changes"/> rewrites to <paramref name="pass"/>'s count.</summary>
        public void Changed(string pass, int changes)
        {
            if (!_changes.ContainsKey(pass))
            {
                _order.Add(pass);
                _changes[pass] = 0;
            }
            _changes[pass] += changes;
        }

        /// <summary>Records one fusion of <paramref name="kind"/>.</summary>
        public void Fused(string kind)
        {
            _fusions.TryGetValue(kind, out int n);
            _fusions[kind] = n + 1;
        }

        /// <summary>Pass name → rewrites, in pipeline order.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> Passes => _order.Select(p => new KeyValuePair<string, int>(p, _changes[p])).ToList();

        /// <summary>Fusion kind → count, sorted by kind.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> Fusions => _fusions.ToList();
    }
}
