'use strict';
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
class Bump extends WorkloadModuleBase {
  async submitTransaction() {
    return this.sutAdapter.sendRequests({ contract: 'Counter', verb: 'bump', args: [], readOnly: false });
  }
}
module.exports.createWorkloadModule = () => new Bump();
