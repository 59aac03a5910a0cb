using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// Recognises a softmax over the last axis written out, and writes one Softmax-13 node:
    /// // e = Exp(x − ReduceMax(x, [-1], keepdims)); y = e / ReduceSum(e, [-1], keepdims)   -> Softmax(x) {axis = -1}
    /// // e = Exp(x);                                y = e / ReduceSum(e, [-1], keepdims)   -> Softmax(x) {axis = -1}
    /// (the second form overflows where Softmax does not: Softmax gives the limit, the written form NaN).
    /// </summary>
    internal sealed class SoftmaxPattern : PatternPass
    {
        public override string Name => "softmax";

        protected override IReadOnlyCollection<string> Anchors { get; } = new[] { "Exp" };

        protected override bool TryFuse(Graph scope, Node exp)
        {
            var p = new Pattern(scope);
            var x = exp.Input(0)!;
            // x − ReduceMax(x) in front, when the exponent is that.
            if (p.Producer(x, "Sub") is Node sub && p.Producer(sub.Input(1), "ReduceMax") is Node max && max.Input(0) == sub.Input(0) &&
                p.OnlyReader(max.Output(0), "Sub") == sub && p.OnlyReader(x, "Exp") == exp && IsLastAxis(max))
            {
                p.Add(max);
                p.Add(sub);
                x = sub.Input(0)!;
            }
            if (x.Shape == null || x.Shape.Rank == 0 || !Pattern.IsFusableType(x.Type)) return false;
            p.Add(exp);
            var e = exp.Output(0)!;
            if (e.IsGraphOutput || e.Consumers.Count != 2) return false;
            var sum = e.Consumers.FirstOrDefault(c => c.OpType == "ReduceSum" && c.Domain.Length == 0 && c.Input(0) == e);
            var div = e.Consumers.FirstOrDefault(c => c.OpType == "Div" && c.Domain.Length == 0 && c.Inputs[0] == e);
            if (sum == null || div == null || !IsLastAxis(sum) || div.Inputs[1] != sum.Output(0) || p.OnlyReader(sum.Output(0), "Div") != div) return false;
            p.Add(sum);
            p.Add(div);
            var y = div.Output(0)!;
            if (!Pattern.SameTypeAndShape(y, x)) return false;
            return p.Replace(y, 13, "Softmax", exp.Name + "_softmax", new[] { x }, Pattern.Int("axis", -1));
        }

        private static bool IsLastAxis(Node reduce)
        {
            var axes = Pattern.KeptReducedAxes(reduce);
            return axes != null && axes.Length == 1 && axes[0] == reduce.Input(0)!.Shape!.Rank - 1;
        }
    }
}
