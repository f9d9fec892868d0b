// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// The key-value contract the lab deploys for the ethereum target: the kv workload's updates and
/// deletes are transactions calling put and remove, its reads are eth_call of get. Keys are the
/// keccak-256 of the workload's keys, so every key is one storage slot of the mapping.
contract LabStore {
    mapping(bytes32 => bytes) private values;

    event Put(bytes32 indexed key, uint256 size);
    event Removed(bytes32 indexed key);

    function put(bytes32 key, bytes calldata value) external {
        values[key] = value;
        emit Put(key, value.length);
    }

    function remove(bytes32 key) external {
        delete values[key];
        emit Removed(key);
    }

    function get(bytes32 key) external view returns (bytes memory) {
        return values[key];
    }
}
