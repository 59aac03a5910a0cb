using System;
using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Reading
{
    /// <summary>
    /// The operator types a model uses, read straight off its protobuf without importing it: for tools that group
    /// results by op (the CLI's conformance report), where the compiled graph has already lost ops to folding.
    /// </summary>
    public static class OnnxOpTypes
    {
        /// <summary>
        /// Distinct op types of the main graph and of every nested graph (If/Loop/Scan bodies), in first-use order,
        /// written as ONNX's backend manifest does: "Conv", or "domain::Op" outside the default domain.
        /// Empty when the bytes are not a readable model.
        /// </summary>
        public static IReadOnlyList<string> Of(byte[] onnxBytes)
        {
            if (onnxBytes is null) throw new ArgumentNullException(nameof(onnxBytes));
            var model = OnnxReader.Read(onnxBytes, new ProblemBag());
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var order = new List<string>();
            if (model?.Graph != null) Walk(model.Graph, seen, order);
            return order;
        }

        private static void Walk(GraphProto graph, HashSet<string> seen, List<string> order)
        {
            foreach (var node in graph.Node)
            {
                string name = node.Domain.Length == 0 || node.Domain == "ai.onnx" ? node.OpType : node.Domain + "::" + node.OpType;
                if (seen.Add(name)) order.Add(name);
                foreach (var attribute in node.Attribute)
                {
                    if (attribute.G != null) Walk(attribute.G, seen, order);
                    foreach (var g in attribute.Graphs) Walk(g, seen, order);
                }
            }
        }
    }
}
