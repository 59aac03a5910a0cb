using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Import
{
    /// <summary>
    /// Stage 2: protobuf ModelProto to the IR <see cref="Graph"/>. Declared types and shapes are
    /// taken as given; symbolic dims become <see cref="Dim"/> symbols unless pinned by the
    /// options. Structural errors (undefined values, cycles) are problems, not exceptions.
    /// </summary>
    internal static class GraphImporter
    {
        /// <summary>Initializers up to this many elements are also decoded at build time, for folding.</summary>
        public const int SmallTensorElements = 4096;

        public static Graph? Import(ModelProto model, byte[] file, CompileOptions options, ProblemBag problems)
        {
            var g = new Graph { Name = model.Graph.Name ?? "" };
            foreach (var o in model.OpsetImport)
            {
                string domain = o.Domain == "ai.onnx" ? "" : o.Domain ?? "";
                g.Opsets[domain] = (int)Math.Min(o.Version, int.MaxValue);
            }
            // IR version 3 and up must list opsets; older files imply opset 1.
            if (!g.Opsets.ContainsKey("")) g.Opsets[""] = 1;
            if (model.Functions.Count > 0 && model.Graph.Node.Any(n => model.Functions.Any(f => f.Name == n.OpType && f.Domain == n.Domain)))
                problems.Add(DiagnosticIds.UnsupportedModelFeature, "The model uses model-local functions, which are not supported yet.");
            if (model.Graph.SparseInitializer.Count > 0)
                problems.Add(DiagnosticIds.UnsupportedModelFeature, "The model has sparse initializers, which are not supported yet.");

            var locations = InitializerLocator.LocateAll(file);
            ImportInitializers(model.Graph, locations.Initializers, options, g, problems);
            ImportInputs(model.Graph, options, g, problems);
            ReportUnusedDimBindings(model.Graph, options, problems);
            ImportNodes(model.Graph, locations, g, problems);
            ImportOutputs(model.Graph, g, problems);
            if (problems.HasErrors) return null;
            if (!SortTopologically(g, problems)) return null;
            g.RebuildConsumers();
            return g;
        }

        private static void ImportInitializers(GraphProto graph, List<InitializerLocation?> locations, CompileOptions options, Graph g, ProblemBag problems)
        {
            for (int i = 0; i < graph.Initializer.Count; i++)
            {
                var t = graph.Initializer[i];
                var type = (ElementType)t.DataType;
                var v = new Value(t.Name, ValueKind.Initializer) { Type = type, Shape = Shape.Of(t.Dims.ToArray()) };
                if (t.Dims.Any(d => d < 0))
                {
                    problems.Add(DiagnosticIds.InvalidGraph, "Initializer '" + t.Name + "' has a negative dim.");
                    continue;
                }
                if (t.DataLocation == TensorProto.Types.DataLocation.External)
                {
                    ReportExternal(t, options, problems);
                    continue;
                }
                if (ElementTypes.CSharpName(type) == null)
                {
                    problems.Add(DiagnosticIds.UnsupportedElementType, "Initializer '" + t.Name + "' has element type " + ElementTypes.OnnxName(type) + ", which is not supported.");
                    continue;
                }
                long count = t.Dims.Aggregate(1L, (a, b) => a * b);
                var location = i < locations.Count ? locations[i] : null;
                long expectedBytes = count * ElementTypes.SizeOf(type);
                if (location != null && location.ByteLength == expectedBytes && type != ElementType.Bool)
                    v.Location = location;
                if (v.Location == null || count <= SmallTensorElements)
                {
                    if (v.Location == null && count > 1_000_000)
                    {
                        problems.Add(DiagnosticIds.UnsupportedModelFeature, "Initializer '" + t.Name + "' (" + count + " elements) is stored element by element rather than as raw bytes; re-save the model so its weights use raw_data.");
                        continue;
                    }
                    var data = TensorDecoder.Decode(t, out string? error);
                    if (data == null)
                    {
                        problems.Add(DiagnosticIds.InvalidGraph, "Initializer '" + t.Name + "' cannot be decoded: " + error + ".");
                        continue;
                    }
                    v.Data = data;
                }
                if (!g.Values.ContainsKey(v.Name)) g.Values[v.Name] = v;
            }
        }

        private static void ReportExternal(TensorProto t, CompileOptions options, ProblemBag problems)
        {
            string location = t.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "";
            string? dir = options.ModelPath != null ? Path.GetDirectoryName(options.ModelPath) : null;
            bool exists = dir != null && location.Length > 0 && File.Exists(Path.Combine(dir, location));
            if (!exists)
                problems.Add(DiagnosticIds.MissingExternalData, "Initializer '" + t.Name + "' keeps its data in external file '" + location + "', which was not found" + (dir != null ? " in '" + dir + "'" : "") + ".");
            else
                problems.Add(DiagnosticIds.UnsupportedExternalData, "Initializer '" + t.Name + "' keeps its data in external file '" + location + "'; external data is not supported yet.");
        }

        private static void ImportInputs(GraphProto graph, CompileOptions options, Graph g, ProblemBag problems)
        {
            foreach (var vi in graph.Input)
            {
                // Old exporters list weights as graph inputs too: those are initializers.
                if (g.Values.TryGetValue(vi.Name, out var existing) && existing.Kind == ValueKind.Initializer) continue;
                if (g.Values.ContainsKey(vi.Name)) continue;
                var v = new Value(vi.Name, ValueKind.Input);
                if (!ReadTensorType(vi, v, options, problems, isInput: true)) continue;
                g.Values[v.Name] = v;
                g.Inputs.Add(v);
            }
        }

        private static bool ReadTensorType(ValueInfoProto vi, Value v, CompileOptions options, ProblemBag problems, bool isInput)
        {
            string what = isInput ? "Graph input" : "Graph output";
            if (vi.Type == null || vi.Type.ValueCase != TypeProto.ValueOneofCase.TensorType)
            {
                if (!isInput && vi.Type == null) return true; // outputs may leave their type to inference
                problems.Add(DiagnosticIds.UnsupportedValueType, what + " '" + vi.Name + "' is a " + (vi.Type?.ValueCase.ToString() ?? "value with no type") + "; only tensors are supported.");
                return false;
            }
            var tt = vi.Type.TensorType;
            v.Type = (ElementType)tt.ElemType;
            if (ElementTypes.CSharpName(v.Type) == null)
            {
                problems.Add(DiagnosticIds.UnsupportedElementType, what + " '" + vi.Name + "' has element type " + ElementTypes.OnnxName(v.Type) + ", which is not supported.");
                return false;
            }
            if (tt.Shape == null)
            {
                if (!isInput) return true;
                problems.Add(DiagnosticIds.UnknownInputShape, "Graph input '" + vi.Name + "' declares no shape.");
                return false;
            }
            var dims = new List<Dim>();
            for (int axis = 0; axis < tt.Shape.Dim.Count; axis++)
            {
                var d = tt.Shape.Dim[axis];
                if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue >= 0)
                    dims.Add(Dim.Of(d.DimValue));
                else
                {
                    // An unnamed unknown dim gets a stable name so it can be pinned or passed like any other.
                    string name = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && d.DimParam.Length > 0
                        ? d.DimParam : vi.Name + "_dim" + axis;
                    dims.Add(options.DimBindings.TryGetValue(name, out long pinned) ? Dim.Of(pinned) : Dim.Symbol(SanitizeSymbol(name)));
                }
            }
            v.Shape = new Shape(dims);
            return true;
        }

        /// <summary>A Dims entry naming no dim of any graph input is probably a typo: say so (MG0204, a warning).</summary>
        private static void ReportUnusedDimBindings(GraphProto graph, CompileOptions options, ProblemBag problems)
        {
            var declared = new HashSet<string>(StringComparer.Ordinal);
            foreach (var vi in graph.Input)
            {
                var shape = vi.Type?.TensorType?.Shape;
                if (shape == null) continue;
                for (int axis = 0; axis < shape.Dim.Count; axis++)
                    declared.Add(shape.Dim[axis].DimParam.Length > 0 ? shape.Dim[axis].DimParam : vi.Name + "_dim" + axis);
            }
            foreach (var name in options.DimBindings.Keys.Where(k => !declared.Contains(k)))
                problems.Add(DiagnosticIds.BadDimOverride, "Dims names '" + name + "', which no graph input has; it is ignored.");
        }

        /// <summary>Symbols may not contain '*', which <see cref="Dim"/> uses internally.</summary>
        private static string SanitizeSymbol(string name) => name.Replace('*', '_');

        private static void ImportNodes(GraphProto graph, InitializerLocator.Locations locations, Graph g, ProblemBag problems)
        {
            var usedNames = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < graph.Node.Count; i++)
            {
                var np = graph.Node[i];
                string domain = np.Domain == "ai.onnx" ? "" : np.Domain ?? "";
                string name = string.IsNullOrEmpty(np.Name) ? np.OpType + "_" + i : np.Name;
                if (!usedNames.Add(name)) name = name + "_" + i;
                g.Opsets.TryGetValue(domain, out int version);
                var node = new Node(name, np.OpType, domain, version);
                foreach (var a in np.Attribute)
                {
                    var attribute = AttributeDecoder.Decode(a);
                    if (attribute.Tensor != null && locations.NodeTensors.TryGetValue((i, a.Name), out var at) &&
                        at.ByteLength == attribute.Tensor.Raw.Length && attribute.Tensor.Type != ElementType.Bool)
                        attribute.TensorLocation = at;
                    node.Attributes[a.Name] = attribute;
                }
                g.Nodes.Add(node);
                foreach (var o in np.Output)
                {
                    if (string.IsNullOrEmpty(o)) { node.Outputs.Add(null); continue; }
                    if (g.Values.ContainsKey(o))
                    {
                        problems.Add(DiagnosticIds.InvalidGraph, "Value '" + o + "' is defined more than once (again by " + node.Describe() + ").", node.Name, node.OpType);
                        node.Outputs.Add(null);
                        continue;
                    }
                    var v = new Value(o, ValueKind.Computed) { Producer = node };
                    g.Values[o] = v;
                    node.Outputs.Add(v);
                }
            }
            // Inputs are resolved after all outputs exist, so nodes listed out of order still import.
            for (int i = 0; i < graph.Node.Count; i++)
            {
                var node = g.Nodes[i];
                foreach (var inName in graph.Node[i].Input)
                {
                    if (string.IsNullOrEmpty(inName)) { node.Inputs.Add(null); continue; }
                    if (!g.Values.TryGetValue(inName, out var v))
                    {
                        problems.Add(DiagnosticIds.InvalidGraph, node.Describe() + " reads '" + inName + "', which no node, input or initializer defines.", node.Name, node.OpType);
                        continue;
                    }
                    node.Inputs.Add(v);
                }
            }
        }

        private static void ImportOutputs(GraphProto graph, Graph g, ProblemBag problems)
        {
            foreach (var vi in graph.Output)
            {
                if (!g.Values.TryGetValue(vi.Name, out var v))
                {
                    problems.Add(DiagnosticIds.InvalidGraph, "Graph output '" + vi.Name + "' is not computed by any node.");
                    continue;
                }
                var declared = new Value(vi.Name, ValueKind.Computed);
                if (!ReadTensorType(vi, declared, CompileOptions.Default, problems, isInput: false)) continue;
                v.IsGraphOutput = true;
                g.Outputs.Add(v);
            }
            if (graph.Output.Count == 0) problems.Add(DiagnosticIds.InvalidGraph, "The graph has no outputs.");
        }

        /// <summary>Kahn's algorithm, stable: nodes keep file order wherever the data flow allows.</summary>
        private static bool SortTopologically(Graph g, ProblemBag problems)
        {
            var pending = new Dictionary<Node, int>();
            var readers = new Dictionary<Value, List<Node>>();
            foreach (var n in g.Nodes)
            {
                int waits = 0;
                foreach (var i in n.Inputs.Where(i => i != null && i.Producer != null).Distinct())
                {
                    waits++;
                    if (!readers.TryGetValue(i!, out var list)) readers[i!] = list = new List<Node>();
                    list.Add(n);
                }
                pending[n] = waits;
            }
            var order = new List<Node>();
            var ready = new SortedSet<int>(g.Nodes.Select((n, i) => (n, i)).Where(p => pending[p.n] == 0).Select(p => p.i));
            var index = g.Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            while (ready.Count > 0)
            {
                int first = ready.Min;
                ready.Remove(first);
                var n = g.Nodes[first];
                order.Add(n);
                foreach (var o in n.Outputs)
                    if (o != null && readers.TryGetValue(o, out var list))
                        foreach (var r in list)
                            if (--pending[r] == 0) ready.Add(index[r]);
            }
            if (order.Count != g.Nodes.Count)
            {
                var stuck = g.Nodes.First(n => !order.Contains(n));
                problems.Add(DiagnosticIds.InvalidGraph, "The graph has a cycle through " + stuck.Describe() + ".", stuck.Name, stuck.OpType);
                return false;
            }
            g.Nodes.Clear();
            g.Nodes.AddRange(order);
            return true;
        }
    }
}
