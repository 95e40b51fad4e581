/// Words given as Unicode scalars, numbered 0, 1, 2… in first-seen order and found again by an FNV-1a hash in an
/// open-addressing table, so that a word seen before costs no `String` and no SipHash.
///
/// Words are equal when their scalars are: unlike `String`, no canonical equivalence. Callers that fold words
/// which are not ASCII keep a `String`-keyed fallback where that matters.
struct ScalarInterner: Sendable {
    /// Where a word's scalars lie in `pool`, and its hash: one record per word, so that a probe reads one place.
    private struct Entry {
        var start: Int32
        var length: Int32
        var hash: UInt64
    }

    private var pool: [Unicode.Scalar] = []
    private var entries: [Entry] = []
    private var table: [Int32]

    init(capacity: Int = 512) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: 0, count: size)
        entries.reserveCapacity(capacity)
        pool.reserveCapacity(capacity * 8)
    }

    var count: Int { entries.count }

    /// A word's length in scalars.
    func length(_ id: Int) -> Int { Int(entries[id].length) }

    func word(_ id: Int) -> ArraySlice<Unicode.Scalar> {
        let entry = entries[id]
        return pool[Int(entry.start)..<Int(entry.start + entry.length)]
    }

    static func hash(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64 {
        scalars.withUnsafeBufferPointer { hash($0) }
    }

    @inline(__always) static func hash(_ word: UnsafeBufferPointer<Unicode.Scalar>) -> UInt64 {
        var hash = hashSeed
        for scalar in word { hash = combine(hash, scalar) }
        return hash
    }

    /// FNV-1a, one scalar at a time, so that callers building a word can hash it as they go.
    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func combine(_ hash: UInt64, _ scalar: Unicode.Scalar) -> UInt64 {
        (hash ^ UInt64(scalar.value)) &* 0x100_0000_01b3
    }

    /// The id of a word, if interned.
    func find(_ scalars: ArraySlice<Unicode.Scalar>, hash: UInt64) -> Int? {
        scalars.withUnsafeBufferPointer { find($0, hash: hash) }
    }

    func find(_ word: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) -> Int? {
        table.withUnsafeBufferPointer { table in
            entries.withUnsafeBufferPointer { entries in
                pool.withUnsafeBufferPointer { pool in
                    let mask = table.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let stored = Int(table[slot])
                        if stored == 0 { return nil }
                        let entry = entries[stored - 1]
                        if entry.hash == hash, Int(entry.length) == word.count {
                            let start = Int(entry.start)
                            var equal = true
                            for k in 0..<word.count where pool[start + k] != word[k] {
                                equal = false
                                break
                            }
                            if equal { return stored - 1 }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    func find(_ word: String) -> Int? {
        let scalars = Self.scalars(of: word)[...]
        return find(scalars, hash: Self.hash(scalars))
    }

    /// A word's scalars; an ASCII word's straight from its bytes (a string's scalar view is slow to walk).
    static func scalars(of word: String) -> [Unicode.Scalar] {
        var word = word
        let ascii = word.withUTF8 { bytes in
            bytes.contains { $0 >= 0x80 } ? nil : bytes.map { Unicode.Scalar($0) }
        }
        return ascii ?? Array(word.unicodeScalars)
    }

    /// The word's id, and whether it was added now.
    mutating func intern(_ scalars: ArraySlice<Unicode.Scalar>, hash: UInt64) -> (id: Int, isNew: Bool) {
        scalars.withUnsafeBufferPointer { intern($0, hash: hash) }
    }

    mutating func intern(_ word: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) -> (id: Int, isNew: Bool) {
        if let id = find(word, hash: hash) { return (id, false) }
        return (add(word, hash: hash), true)
    }

    /// Adds a word known not to be interned yet; its id.
    mutating func add(_ scalars: ArraySlice<Unicode.Scalar>, hash: UInt64) -> Int {
        scalars.withUnsafeBufferPointer { add($0, hash: hash) }
    }

    mutating func add(_ word: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) -> Int {
        let id = count
        entries.append(Entry(start: Int32(pool.count), length: Int32(word.count), hash: hash))
        pool.append(contentsOf: word)
        if count * 2 > table.count {
            table = [Int32](repeating: 0, count: table.count * 2)
            for existing in 0..<count { place(existing) }
        } else {
            place(id)
        }
        return id
    }

    private mutating func place(_ id: Int) {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: entries[id].hash) & mask
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = Int32(id + 1)
    }
}

/// A read-only word → value map looked up by scalars (see `ScalarInterner`).
struct ScalarMap<Value: Sendable>: Sendable {
    private var index: ScalarInterner
    private var values: [Value]

    /// The words with their values; a word given more than once gets its values merged.
    init(_ entries: some Sequence<(String, Value)>, merging merge: (Value, Value) -> Value) {
        index = ScalarInterner()
        values = []
        // One buffer for every word's scalars: an array per word was most of the cost.
        var scalars: [Unicode.Scalar] = []
        for (word, value) in entries {
            scalars.removeAll(keepingCapacity: true)
            var word = word
            word.withUTF8 { bytes in
                if bytes.contains(where: { $0 >= 0x80 }) {
                    scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
                } else {
                    for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
                }
            }
            let (id, isNew) = index.intern(scalars[...], hash: ScalarInterner.hash(scalars[...]))
            if isNew {
                values.append(value)
            } else {
                values[id] = merge(values[id], value)
            }
        }
    }

    func value(_ scalars: ArraySlice<Unicode.Scalar>, hash: UInt64) -> Value? {
        index.find(scalars, hash: hash).map { values[$0] }
    }

    func value(_ word: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) -> Value? {
        index.find(word, hash: hash).map { values[$0] }
    }
}
