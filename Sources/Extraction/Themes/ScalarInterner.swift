/// Words given as Unicode scalars, numbered 0, 1, 2… in first-seen order and found again by an FNV-1a hash in an
/// open-addressing table, so that a word seen before costs no `String` and no SipHash.
///
/// Words are equal when their scalars are: unlike `String`, no canonical equivalence. Callers that fold words
/// which are not ASCII keep a `String`-keyed fallback where that matters.
struct ScalarInterner: Sendable {
    private var pool: [Unicode.Scalar] = []
    private var starts: [Int] = []
    private(set) var lengths: [Int] = []
    private var hashes: [UInt64] = []
    private var table: [Int32]

    init(capacity: Int = 512) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: 0, count: size)
        starts.reserveCapacity(capacity)
        lengths.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        pool.reserveCapacity(capacity * 8)
    }

    var count: Int { lengths.count }

    func word(_ id: Int) -> ArraySlice<Unicode.Scalar> { pool[starts[id]..<(starts[id] + lengths[id])] }

    static func hash(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64 {
        scalars.withUnsafeBufferPointer { word in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for scalar in word { hash = (hash ^ UInt64(scalar.value)) &* 0x100_0000_01b3 }
            return hash
        }
    }

    /// The id of a word, if interned.
    func find(_ scalars: ArraySlice<Unicode.Scalar>, hash: UInt64) -> Int? {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 {
            let id = Int(table[slot]) - 1
            if hashes[id] == hash, lengths[id] == scalars.count, equals(id, scalars) { return id }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private func equals(_ id: Int, _ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let start = starts[id]
        return pool.withUnsafeBufferPointer { pool in
            scalars.withUnsafeBufferPointer { word in
                for k in 0..<word.count where pool[start + k] != word[k] { return false }
                return true
            }
        }
    }

    func find(_ word: String) -> Int? {
        let scalars = Array(word.unicodeScalars)[...]
        return find(scalars, hash: Self.hash(scalars))
    }

    /// The word's id, and whether it was added now.
    mutating func intern(_ scalars: ArraySlice<Unicode.Scalar>, hash: UInt64) -> (id: Int, isNew: Bool) {
        if let id = find(scalars, hash: hash) { return (id, false) }
        return (add(scalars, hash: hash), true)
    }

    /// Adds a word known not to be interned yet; its id.
    mutating func add(_ scalars: ArraySlice<Unicode.Scalar>, hash: UInt64) -> Int {
        let id = count
        starts.append(pool.count)
        lengths.append(scalars.count)
        hashes.append(hash)
        pool.append(contentsOf: scalars)
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
        var slot = Int(truncatingIfNeeded: hashes[id]) & mask
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = Int32(id + 1)
    }
}

/// A read-only word → value map looked up by scalars (see `ScalarInterner`).
struct ScalarMap<Value: Sendable>: Sendable {
    private var index: ScalarInterner
    private var values: [Value]

    init(_ dictionary: [String: Value]) {
        index = ScalarInterner(capacity: dictionary.count)
        values = []
        values.reserveCapacity(dictionary.count)
        for (word, value) in dictionary {
            let scalars = Array(word.unicodeScalars)[...]
            _ = index.intern(scalars, hash: ScalarInterner.hash(scalars))
            values.append(value)
        }
    }

    func value(_ scalars: ArraySlice<Unicode.Scalar>, hash: UInt64) -> Value? {
        index.find(scalars, hash: hash).map { values[$0] }
    }
}
