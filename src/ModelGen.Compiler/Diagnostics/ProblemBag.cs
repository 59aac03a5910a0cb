using System.Collections.Generic;

namespace ModelGen.Compiler.Diagnostics
{
    /// <summary>Collects problems across stages; a stage checks <see cref="HasErrors"/> to decide whether the next may run.</summary>
    public sealed class ProblemBag
    {
        private readonly List<Problem> _items = new List<Problem>();

        public IReadOnlyList<Problem> Items => _items;

        public bool HasErrors { get; private set; }

        public void Add(Problem p)
        {
            if (_items.Contains(p)) return;
            _items.Add(p);
            if (p.Severity == ProblemSeverity.Error) HasErrors = true;
        }

        public void Add(DiagnosticDescriptorInfo d, string message, string? node = null, string? op = null) =>
            Add(new Problem(d, message, node, op));
    }
}
