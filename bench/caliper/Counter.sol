// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;
contract Counter {
    mapping(address => uint256) public count;
    function bump() external { count[msg.sender] += 1; }
}
