using System;
using System.Linq;

namespace ModelGen.Fuzzing.Mutation
{
    /// <summary>
    /// Makes a failing model smaller, a little: drops one wire field at a time (nodes, initializers, attributes, dims...)
    /// and keeps the drop while the model still fails the same way. Greedy and bounded, not delta debugging: the point is
    /// a model small enough to read and to rebuild as a C# regression test.
    /// </summary>
    public static class Minimiser
    {
        public static byte[] Minimise(byte[] bytes, Func<byte[], bool> stillFails, int budget = 300)
        {
            var tree = WireMessage.Parse(bytes);
            if (tree == null) return bytes;
            int tries = 0;
            bool changed = true;
            while (changed && tries < budget)
            {
                changed = false;
                foreach (var (message, _) in tree.Walk().ToList())
                {
                    for (int i = message.Fields.Count - 1; i >= 0 && tries < budget; i--)
                    {
                        var field = message.Fields[i];
                        message.Fields.RemoveAt(i);
                        tries++;
                        if (stillFails(tree.ToBytes())) { changed = true; continue; }
                        message.Fields.Insert(i, field);
                    }
                }
            }
            return tree.ToBytes();
        }
    }
}
