// SPDX-License-Identifier: Apache-2.0
// didkit_shebao anchoring contract: one transparency log, one owner.
//
// The owner (the account that deployed it) records (root, treeSize) pairs of
// its RFC 9162 log. The tree must grow with every anchor and a root is never
// recorded twice; each anchor emits one Anchored event. Nothing personal is
// ever stored: a root is a hash over hashes of signed artifacts.
//
// The compiled form ships in didkit_shebao/ledgers/_anchor_contract.py; it is
// produced by scripts/build_anchor_contract.py (solcjs, pinned version and
// settings recorded there). Do not edit one without regenerating the other.
pragma solidity 0.8.28;

contract ShebaoAnchor {
    struct Entry {
        uint64 treeSize;
        uint64 blockNumber;
    }

    /// The account allowed to anchor (the deployer).
    address public owner;
    /// Size of the latest anchored tree (0 before the first anchor).
    uint64 public treeSize;
    /// Root -> its tree size and the block it was anchored in (zeros if never).
    mapping(bytes32 => Entry) public anchors;

    event Anchored(bytes32 indexed root, uint64 treeSize, address indexed sender);

    error NotOwner(address sender);
    error EmptyTree();
    error TreeNotGrowing(uint64 latest, uint64 requested);
    error RootAlreadyAnchored(bytes32 root, uint64 treeSize);

    constructor() {
        owner = msg.sender;
    }

    /// Record `root` as the root of the log at `size` entries.
    function anchor(bytes32 root, uint64 size) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (size == 0) revert EmptyTree();
        Entry storage entry = anchors[root];
        if (entry.treeSize != 0) revert RootAlreadyAnchored(root, entry.treeSize);
        if (size <= treeSize) revert TreeNotGrowing(treeSize, size);
        treeSize = size;
        entry.treeSize = size;
        entry.blockNumber = uint64(block.number);
        emit Anchored(root, size, msg.sender);
    }
}
