<?php
// An integrator's PHP SoapClient (ext/soap) against a fake OpenMeetings' UserService (4.0+):
// login, then getRoomHash for an external user. Written for om-soap's tests
// (tests/foreign/test_foreign_php.py). Prints one line per call:
//   LOGIN <type> <message>   HASH <type> <message>   FAULT <faultstring>
// Usage: php soap_client.php <wsdl-url> <user> <password>
if ($argc < 4) {
    fwrite(STDERR, "usage: php soap_client.php <wsdl-url> <user> <password>\n");
    exit(2);
}
ini_set('default_socket_timeout', '20');
$client = new SoapClient($argv[1], array(
    'cache_wsdl' => WSDL_CACHE_NONE,
    'exceptions' => true,
    'connection_timeout' => 10,
    'trace' => false,
));
try {
    // Document/literal wrapped: one parameter, the wrapper's children by name.
    $login = $client->login(array('user' => $argv[2], 'pass' => $argv[3]));
    $result = $login->return;
    echo 'LOGIN ', $result->type, ' ', isset($result->message) ? $result->message : 'null', "\n";
    if ($result->type !== 'SUCCESS') {
        exit(0);
    }
    $hash = $client->getRoomHash(array(
        'sid' => $result->message,
        'user' => array(
            'login' => 'superjohn', 'firstname' => 'John', 'lastname' => 'Doe',
            'email' => 'john@example.org', 'externalId' => 'uid1', 'externalType' => 'myCMS',
        ),
        'options' => array(
            'roomId' => 5, 'moderator' => true, 'showAudioVideoTest' => false,
            'allowSameURLMultipleTimes' => false, 'allowRecording' => true,
        ),
    ));
    echo 'HASH ', $hash->return->type, ' ', $hash->return->message, "\n";
} catch (SoapFault $fault) {
    echo 'FAULT ', $fault->getMessage(), "\n";
}
