using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;

namespace ModelGen.Compiler.Shapes
{
    /// <summary>Inference of a body graph from its owner's inference: every node in order, problems reported in the owner's bag.</summary>
    internal static class BodyInference
    {
        public static bool Infer(Graph body, InferContext owner)
        {
            bool ok = true;
            foreach (var n in body.Nodes.ToList()) ok &= ShapeInference.InferNode(n, owner.Problems);
            if (!ok)
            {
                owner.FailQuietly();
                return false;
            }
            if (body.Outputs.Any(o => o.Shape == null))
                return owner.Fail(DiagnosticIds.InvalidGraph, "a result of body '" + body.Name + "' has no shape.");
            return true;
        }
    }
}
