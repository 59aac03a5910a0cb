using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops
{
    /// <summary>Typed attribute access with ONNX defaults; a wrongly typed attribute is reported, not thrown.</summary>
    internal sealed class AttributeReader
    {
        private readonly Node _node;
        private readonly InferContext _context;

        public AttributeReader(Node node, InferContext context)
        {
            _node = node;
            _context = context;
        }

        public bool Has(string name) => _node.Attributes.ContainsKey(name);

        public long Int(string name, long fallback) => Get(name, AttributeKind.Int)?.Int ?? fallback;

        public float Float(string name, float fallback) => Get(name, AttributeKind.Float)?.Float ?? fallback;

        public string String(string name, string fallback) => Get(name, AttributeKind.String)?.String ?? fallback;

        /// <summary>The ints, or null when absent.</summary>
        public long[]? Ints(string name) => Get(name, AttributeKind.Ints)?.Ints.ToArray();

        public float[]? Floats(string name) => Get(name, AttributeKind.Floats)?.Floats.ToArray();

        public TensorData? Tensor(string name)
        {
            var a = Get(name, AttributeKind.Tensor);
            if (a != null && a.Tensor == null)
                _context.Fail(DiagnosticIds.UnsupportedAttribute, "attribute '" + name + "' holds a tensor that cannot be decoded (unsupported type or external data).");
            return a?.Tensor;
        }

        private NodeAttribute? Get(string name, AttributeKind kind)
        {
            if (!_node.Attributes.TryGetValue(name, out var a)) return null;
            if (a.Kind == kind) return a;
            _context.Fail(DiagnosticIds.UnsupportedAttribute, "attribute '" + name + "' should be " + kind + " but is " + a.Kind + ".");
            return null;
        }
    }
}
