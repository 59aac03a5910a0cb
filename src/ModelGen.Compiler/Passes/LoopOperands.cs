using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Fused;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// The operands of a fused loop being put together: each distinct (tensor, aligned shape) read becomes one argument,
    /// numbered and named ("a", "b"...) in the order first read, and the node inputs are the distinct tensors.
    /// </summary>
    internal sealed class LoopOperands
    {
        private readonly List<(Value Value, Shape Shape)> _operands = new List<(Value, Shape)>();

        public int Count => _operands.Count;

        /// <summary>The argument that reads <paramref name="v"/> aligned as <paramref name="shape"/> (added when first read).</summary>
        public BoundExpr Argument(Value v, Shape shape, ElementType type)
        {
            int k = _operands.FindIndex(o => o.Value == v && o.Shape.Equals(shape));
            if (k < 0)
            {
                k = _operands.Count;
                _operands.Add((v, shape));
            }
            return BoundExpr.Argument(k, ArgName(k), type);
        }

        /// <summary>The fused node's inputs: each tensor read, once.</summary>
        public List<Value> Inputs() => _operands.Select(o => o.Value).Distinct().ToList();

        /// <summary>The plan of a loop over <paramref name="output"/> computing <paramref name="exprs"/> over these operands.</summary>
        public FusedElementwisePlan Plan(IEnumerable<BoundExpr> exprs, Shape output)
        {
            var inputs = Inputs();
            return new FusedElementwisePlan(exprs.ToValueList(), output, _operands.Select(o => o.Shape).ToValueList(), _operands.Select(o => inputs.IndexOf(o.Value)).ToValueList());
        }

        /// <summary>"a", "b"... "z", then "x26"...</summary>
        public static string ArgName(int k) => k < 26 ? ((char)('a' + k)).ToString() : "x" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
